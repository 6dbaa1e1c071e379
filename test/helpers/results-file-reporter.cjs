// Jest reporter that writes the run's counts to reports/jest-results.json, for .ci/run's closing line.
const fs = require('node:fs');
const path = require('node:path');

class ResultsFileReporter {
  constructor(globalConfig) {
    this.file = path.join(globalConfig.rootDir, 'reports', 'jest-results.json');
  }
  onRunComplete(_contexts, results) {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const counts = {
      numPassedTests: results.numPassedTests,
      numFailedTests: results.numFailedTests,
      numPendingTests: results.numPendingTests,
      numTotalTests: results.numTotalTests,
      numRuntimeErrorTestSuites: results.numRuntimeErrorTestSuites,
      // Jest decides results.success only after the reporters' onRunComplete (until then it is false): computed here
      // from the counts, as jest does (no failed test, no suite that failed to run, no snapshot failure).
      success: results.numFailedTests === 0 && results.numRuntimeErrorTestSuites === 0 && !results.snapshot?.failure,
    };
    fs.writeFileSync(this.file, JSON.stringify(counts, null, 2));
  }
}
module.exports = ResultsFileReporter;
