import { startThrowawayEmbeddedDatabase, type ThrowawayEmbeddedDatabase } from '@tasklane/test-kit/throwaway-embedded-database'
import { withClient } from '@tasklane/test-kit/postgres-database'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyDatabase } from './copy-database.ts'

const query = <T extends pg.QueryResultRow>(url: string, sql: string) => withClient(url, async (client) => (await client.query<T>(sql)).rows)

describe('copyDatabase', () => {
  let source: ThrowawayEmbeddedDatabase
  let target: ThrowawayEmbeddedDatabase
  beforeAll(async () => {
    ;[source, target] = await Promise.all([startThrowawayEmbeddedDatabase(), startThrowawayEmbeddedDatabase()])
  }, 60_000)
  afterAll(async () => {
    await Promise.all([source?.destroy(), target?.destroy()])
  })

  it('carries users, accounts, sessions and 2,500 tasks over exactly, and a second run changes nothing', async () => {
    await query(
      source.url,
      `insert into "user" (id, name, email, email_verified, created_at, updated_at) values ('u1', 'Ann', 'ann@example.com', true, now(), now())`,
    )
    await query(
      source.url,
      `insert into account (id, account_id, provider_id, user_id, password, created_at, updated_at) values ('a1', 'u1', 'credential', 'u1', 'hash', now(), now())`,
    )
    await query(
      source.url,
      `insert into session (id, expires_at, token, created_at, updated_at, user_id) values ('s1', now() + interval '1 day', 'token-1', now(), now(), 'u1')`,
    )
    await query(
      source.url,
      `insert into tasks (user_id, title, description, completed) select 'u1', 'task ' || n, case when n % 2 = 0 then 'ü ✓ ' || n end, n % 3 = 0 from generate_series(1, 2500) n`,
    )
    const snapshot = (url: string) => query(url, `select id, user_id, title, description, completed, created_at, updated_at from tasks order by id`)

    const reports = await copyDatabase(source.url, target.url)
    expect(reports).toEqual([
      { table: 'user', read: 1, inserted: 1 },
      { table: 'account', read: 1, inserted: 1 },
      { table: 'session', read: 1, inserted: 1 },
      { table: 'verification', read: 0, inserted: 0 },
      { table: 'two_factor', read: 0, inserted: 0 },
      { table: 'passkey', read: 0, inserted: 0 },
      { table: 'task_lists', read: 0, inserted: 0 },
      { table: 'tasks', read: 2500, inserted: 2500 },
    ])
    expect(await snapshot(target.url)).toEqual(await snapshot(source.url))
    expect(await query(target.url, 'select token, user_id from session')).toEqual([{ token: 'token-1', user_id: 'u1' }])

    const again = await copyDatabase(source.url, target.url)
    expect(again.map((report) => report.inserted)).toEqual([0, 0, 0, 0, 0, 0, 0, 0])
  }, 60_000)
})
