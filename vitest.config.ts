import { defineConfig } from 'vitest/config'

const integration = (name: string, globalSetup: string) => ({
  test: {
    name,
    include: ['tests/integration/**/*.test.ts'],
    globalSetup: [globalSetup],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts'] } },
      integration('integration:embedded', 'tests/setup/embedded-database.ts'),
      integration('integration:postgres', 'tests/setup/postgres-database.ts'),
    ],
  },
})
