import { defineConfig } from 'vitest/config';

/**
 * Three projects: fast unit specs, integration tests on a real (embedded) PostgreSQL,
 * and browser tests driving Debian's Chromium. `npm test` runs them all.
 */
export default defineConfig({
  test: {
    reporters: ['default', './server/testing/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            '{domain,commands,projections,graphql,eventstore,server,integrations,processes}/**/*.test.ts',
            'web/src/**/*.test.ts',
            'tooling/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'int',
          include: [
            '{domain,commands,projections,graphql,eventstore,server,integrations,processes}/**/*.int.test.ts',
          ],
          exclude: ['**/node_modules/**'],
          globalSetup: ['./server/testing/global-setup.ts'],
          // Generous ceilings, not timing asserts: the crash suites take ~45 s on a quiet
          // 2-core machine and several times that on a busy one.
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['web/e2e/**/*.test.ts'],
          globalSetup: ['./server/testing/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
