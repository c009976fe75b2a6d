import { defineConfig } from 'vitest/config'

const integration = (name: string, globalSetup: string) => ({
  test: {
    name,
    include: ['tests/integration/**/*.test.ts', 'tests/security/**/*.test.ts', 'tests/reliability/**/*.test.ts'],
    globalSetup: [globalSetup, 'tests/setup/log-scan.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['apps/*/src/**/*.test.ts', 'apps/web/lib/**/*.test.ts', 'packages/*/src/**/*.test.ts'] } },
      integration('integration:embedded', 'tests/setup/embedded-database.ts'),
      integration('integration:postgres', 'tests/setup/postgres-database.ts'),
      {
        test: {
          name: 'stress',
          include: ['tests/stress/**/*.test.ts'],
          globalSetup: ['tests/setup/postgres-database.ts', 'tests/setup/log-scan.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/setup/web-build.ts', 'tests/setup/embedded-database.ts', 'tests/setup/log-scan.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Chromium and three services per file: one file at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
})
