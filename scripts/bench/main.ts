// `npm run bench -- <scenario> [flags]`: runs one benchmark scenario (its file says what it measures and its flags).
// Every scenario is bounded (its own time limit), prints one JSON object with the machine's cores and memory on stdout
// and progress on stderr, and exits non-zero when a run did not finish or a change failed. Results: docs/benchmarks.md.
const SCENARIOS = {
  bulk: './bulk.js',
  overhead: './overhead.js',
  waiting: './waiting.js',
  onboarding: './onboarding.js',
} as const;

const scenario = process.argv[2] as keyof typeof SCENARIOS | undefined;
if (!scenario || !Object.hasOwn(SCENARIOS, scenario)) {
  console.error(`usage: npm run bench -- <${Object.keys(SCENARIOS).join('|')}> [flags]`);
  process.exit(2);
}
// The scenario reads its own flags from process.argv.slice(2).
process.argv.splice(2, 1);
await import(SCENARIOS[scenario]);
