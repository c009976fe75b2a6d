import { randomBytes } from 'node:crypto'
import { applyMigrations } from '@tasklane/db/migrate'
import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'

describe(`migrations on the ${inject('databaseKind')} PostgreSQL`, () => {
  it('apply once when three instances start at the same moment on an empty database', async () => {
    const admin = new URL(inject('databaseUrl'))
    admin.pathname = '/postgres'
    const name = `tasklane_migrate_${randomBytes(4).toString('hex')}`
    const client = new pg.Client({ connectionString: admin.toString() })
    await client.connect()
    await client.query(`create database ${name}`)
    try {
      const url = new URL(admin)
      url.pathname = `/${name}`
      await Promise.all([applyMigrations(url.toString()), applyMigrations(url.toString()), applyMigrations(url.toString())])
      const fresh = new pg.Client({ connectionString: url.toString() })
      await fresh.connect()
      try {
        const applied = await fresh.query<{ count: number }>('select count(*)::int as count from drizzle.__drizzle_migrations')
        const journal = await import('../../packages/db/migrations/meta/_journal.json', { with: { type: 'json' } })
        expect(applied.rows[0]?.count).toBe(journal.default.entries.length)
        const tables = await fresh.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = 'public' order by 1")
        expect(tables.rows.map((row) => row.table_name)).toEqual(['account', 'account_sign_in_throttle', 'dev_outbox', 'passkey', 'rate_limit', 'session', 'task_lists', 'tasks', 'two_factor', 'user', 'verification'])
        const columns = await fresh.query<{ column: string }>(
          "select column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '-') || ' ' || is_generated as column from information_schema.columns where table_name = 'tasks' and column_name in ('due_on', 'priority', 'position', 'search') order by 1",
        )
        expect(columns.rows.map((row) => row.column)).toEqual(['due_on date YES - NEVER', 'position double precision NO 0 NEVER', 'priority smallint NO 0 NEVER', 'search tsvector NO - ALWAYS'])
        // Search: the unaccent extension and the configuration built on it, which fold case and accents.
        const folded = await fresh.query<{ lexemes: string }>("select to_tsvector('tasklane_search', 'Crème BRÛLÉE, co-op')::text as lexemes")
        expect(folded.rows[0]?.lexemes).toBe("'brulee':2 'co':4 'co-op':3 'creme':1 'op':5")
        // Priority is 0–3 (none, low, medium, high), whatever writes it.
        await fresh.query(`insert into "user" (id, name, email) values ('m', 'M', 'm@example.com')`)
        await expect(fresh.query(`insert into tasks (user_id, title, priority) values ('m', 't', 4)`)).rejects.toThrow(/tasks_priority_range/)
      } finally {
        await fresh.end()
      }
    } finally {
      await client.query(`drop database if exists ${name} with (force)`)
      await client.end()
    }
  })
})
