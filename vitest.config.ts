import { defineConfig } from 'vitest/config';

/**
 * Projects:
 * - unit: pure functions, no database (`*.unit.test.ts`);
 * - pglite: integration suites (`*.test.ts`, `*.test.tsx`) on an in-memory PGlite per test file;
 * - postgres: the same suites on a real PostgreSQL, only when TEST_DATABASE_URL is set
 *   (each test file gets its own database);
 * - browser: end-to-end suites in headless Chromium with axe (`test/e2e/*.e2e.test.ts`).
 */
const integration = ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'];
const excludeIntegration = ['**/*.unit.test.{ts,tsx}', 'test/e2e/**', 'node_modules/**', 'dist/**'];
// Migrates once per integration project; each test file then starts from a copy (see the file).
const globalSetup = ['./test/global-setup.ts'];
const maxWorkers = Number(process.env.TEST_WORKERS ?? 2);

export default defineConfig({
  test: {
    pool: 'threads',
    reporters: ['default', './test/summary-reporter.ts'],
    maxWorkers,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.unit.test.{ts,tsx}', 'test/**/*.unit.test.ts'] } },
      { extends: true, test: { name: 'pglite', include: integration, exclude: excludeIntegration, env: { TEST_DB: 'pglite' }, globalSetup } },
      ...(process.env.TEST_DATABASE_URL
        ? [{ extends: true as const, test: { name: 'postgres', include: integration, exclude: excludeIntegration, env: { TEST_DB: 'postgres' }, globalSetup } }]
        : []),
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.e2e.test.ts'],
          pool: 'forks',
          maxWorkers: 1,
          testTimeout: 60_000,
        },
      },
    ],
  },
});
