/** Jest runs TypeScript as native ESM (got 14 is ESM-only). Type-checking is done by `tsc --noEmit`. */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  // Real Temporal servers start in these tests; the first start of a JVM or dev server can take seconds.
  testTimeout: 120_000,
  // Integration files each start their own Temporal server; two cores, so run them two at a time at most.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/helpers/results-file-reporter.cjs'],
};
