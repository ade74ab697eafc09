import { defineConfig } from 'vitest/config';

/**
 * The unit specs of the code Stryker mutates (domain/ and commands/shared/), alone: no int or
 * e2e project, no global setup starting PostgreSQL, no summary reporter. Used only by
 * stryker.config.mjs; `npm test` keeps vitest.config.ts.
 */
export default defineConfig({
  test: {
    include: ['domain/**/*.test.ts', 'commands/shared/**/*.test.ts'],
    exclude: ['**/*.int.test.ts', '**/node_modules/**'],
    // Each mutant reruns the property specs: 10,000 runs each would take hours, 200 still
    // walk the generators' corners (read in domain/tax/invariants/arbitraries.ts).
    env: { FC_MUTATION_RUNS: '200' },
    testTimeout: 120_000,
  },
});
