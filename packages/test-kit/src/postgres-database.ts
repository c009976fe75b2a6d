import { randomBytes } from 'node:crypto'
import { applyMigrations } from '@tasklane/db/migrate'
import pg from 'pg'

export interface ThrowawayDatabase {
  url: string
  drop(): Promise<void>
}

/** A fresh database `<prefix>_<time>_<random>` on the server `adminUrl` points at, migrated as services migrate. */
export async function createMigratedDatabase(adminUrl: string, prefix: string): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString('hex')}`
  await withClient(adminUrl, (client) => client.query(`create database ${name}`))
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  await applyMigrations(url.toString())
  return {
    url: url.toString(),
    drop: async () => {
      await withClient(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`))
    },
  }
}

/** One short-lived connection. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => {}) // a dropped connection surfaces as the failed query
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
