// @ts-check
/**
 * Mutation testing of the rules customers and auditors rely on: `npm run test:mutation`.
 * Narrow a run with Stryker's own flag, e.g.
 *   npm run test:mutation -- --mutate 'domain/wallet/**' --concurrency 1
 * (server/cli/mutation.ts keeps the spec exclusions below when --mutate is given).
 * Incremental: results are kept in reports/mutation/stryker-incremental.json, so a rerun only
 * tests mutants whose code or covering tests changed. `--force` retests everything.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'domain/**/*.ts',
    'commands/shared/**/*.ts',
    '!**/*.test.ts',
    // Test support, not engine code.
    '!domain/tax/invariants/**',
    '!domain/shared/spec.ts',
    '!domain/catalog/spec-fixtures.ts',
    '!**/testing/**',
  ],
  // The sandbox needs only what the unit specs import.
  ignorePatterns: [
    'web',
    'bench',
    'reports',
    '.data',
    'artifacts',
    '.ci',
    'Dockerfile',
    'docker-compose.yml',
  ],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 2,
  timeoutMS: 10_000,
  thresholds: { high: 95, low: 90, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
