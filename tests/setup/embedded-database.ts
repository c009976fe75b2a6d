import { startThrowawayEmbeddedDatabase } from '@tasklane/test-kit/throwaway-embedded-database'
import type { TestProject } from 'vitest/node'

/** The embedded PostgreSQL exactly as `npm start` runs it (fsync aside), on a fresh data dir, migrated. */
export default async function setup(project: TestProject) {
  const database = await startThrowawayEmbeddedDatabase({ maxConnections: 300 })
  project.provide('databaseUrl', database.url)
  project.provide('databaseKind', 'embedded')
  return () => database.destroy()
}
