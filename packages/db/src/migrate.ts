import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations')

// Any constant works; it only has to be the same in every instance.
const MIGRATION_LOCK_KEY = 7_140_523_001

/**
 * Applies the committed drizzle-kit migrations. Drizzle's migrator takes no lock, so two instances starting
 * at once could both apply a migration: a session advisory lock makes the second wait, then find nothing to do.
 */
export async function applyMigrations(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString })
  client.on('error', () => {}) // a dropped connection surfaces as the failed query below
  await client.connect()
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
    try {
      await migrate(drizzle({ client }), { migrationsFolder })
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
    }
  } finally {
    await client.end()
  }
}
