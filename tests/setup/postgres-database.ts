import { createMigratedDatabase } from '@tasklane/test-kit/postgres-database'
import type { TestProject } from 'vitest/node'
import { TEST_POSTGRES_URL } from '../support/machine-services.ts'

/**
 * A fresh database on the machine's PostgreSQL for this run, migrated the way services migrate; dropped after.
 * vitest.config.ts has already checked that the server answers (and replaced this project when it does not).
 */
export default async function setup(project: TestProject) {
  const database = await createMigratedDatabase(TEST_POSTGRES_URL, 'tasklane_test')
  project.provide('databaseUrl', database.url)
  project.provide('databaseKind', 'postgres')
  return () => database.drop()
}
