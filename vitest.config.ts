import { defineConfig } from 'vitest/config'
import { ensurePostgresRunning, TEST_POSTGRES_URL } from './tests/support/machine-services.ts'

const INTEGRATION_FILES = ['tests/integration/**/*.test.ts', 'tests/security/**/*.test.ts', 'tests/reliability/**/*.test.ts']
const STRESS_FILES = ['tests/stress/**/*.test.ts']

// The external-database path (DATABASE_URL) is tested against the machine's PostgreSQL. Without one, the projects
// that need it are reported as skipped, loudly; everything else runs on the embedded PostgreSQL.
const postgresAnswers = await ensurePostgresRunning(TEST_POSTGRES_URL)
const postgresMissing = `no PostgreSQL answers at ${new URL(TEST_POSTGRES_URL).host} (set TEST_POSTGRES_URL, or install PostgreSQL: apt-get install postgresql)`
if (!postgresAnswers) console.error(`\n*** EXTERNAL-DATABASE TESTS SKIPPED: ${postgresMissing}. ***\n`)

const needsPostgres = (name: string, include: string[], test: object) =>
  postgresAnswers
    ? { test: { name, include, ...test } }
    : {
        test: {
          name,
          include: ['tests/setup/unavailable.test.ts'],
          env: { TASKLANE_UNAVAILABLE: postgresMissing, TASKLANE_SKIPPED_FILES: JSON.stringify(include) },
        },
      }

const integration = { testTimeout: 30_000, hookTimeout: 60_000 }

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['apps/*/src/**/*.test.ts', 'apps/web/lib/**/*.test.ts', 'packages/*/src/**/*.test.ts'] } },
      {
        test: {
          name: 'integration:embedded',
          include: INTEGRATION_FILES,
          globalSetup: ['tests/setup/embedded-database.ts', 'tests/setup/log-scan.ts'],
          ...integration,
        },
      },
      needsPostgres('integration:postgres', INTEGRATION_FILES, {
        globalSetup: ['tests/setup/postgres-database.ts', 'tests/setup/log-scan.ts'],
        ...integration,
      }),
      needsPostgres('stress', STRESS_FILES, {
        globalSetup: ['tests/setup/postgres-database.ts', 'tests/setup/log-scan.ts'],
        testTimeout: 120_000,
        hookTimeout: 120_000,
      }),
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/setup/web-build.ts', 'tests/setup/embedded-database.ts', 'tests/setup/log-scan.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // A poll that waits on a round trip through web, api and auth: seconds on a loaded 2-core machine, not 1 s.
          expect: { poll: { timeout: 10_000 } },
          // Chromium and three services per file: one file at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
})
