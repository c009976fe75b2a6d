import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort } from '@tasklane/test-kit/free-port'
import { withClient } from '@tasklane/test-kit/postgres-database'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DatabaseUserCannotReach } from './database-user-access.ts'
import { type EmbeddedDatabase, startEmbeddedDatabase } from './embedded-database.ts'
import { serveEmbeddedDatabase } from './serve-embedded-database.ts'

// mkdtemp makes a 0700 folder; as root, the postgres account must be able to enter it.
const scratch = mkdtempSync(path.join(tmpdir(), 'tasklane-embedded-test-'))
chmodSync(scratch, 0o755)
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const query = <T extends pg.QueryResultRow>(url: string, sql: string) => withClient(url, async (client) => (await client.query<T>(sql)).rows)

describe('the embedded PostgreSQL', () => {
  const dataDir = path.join(scratch, 'cluster')
  let port: number
  let database: EmbeddedDatabase
  beforeAll(async () => {
    port = await freePort()
    database = await startEmbeddedDatabase({ dataDir, port })
  }, 60_000)
  afterAll(() => database?.stop())

  it('is a real PostgreSQL 18, migrated, on loopback only and without a Unix socket', async () => {
    const [settings] = await query<{ version: string; listen: string; sockets: string }>(
      database.url,
      "select version(), current_setting('listen_addresses') as listen, current_setting('unix_socket_directories') as sockets",
    )
    expect(settings?.version).toMatch(/^PostgreSQL 18\./)
    expect(settings?.listen).toBe('127.0.0.1')
    expect(settings?.sockets).toBe('')
    expect(database.url).toBe(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`)
    const tables = await query<{ table_name: string }>(database.url, "select table_name from information_schema.tables where table_schema = 'public' order by 1")
    expect(tables.map((row) => row.table_name)).toEqual(['account', 'account_sign_in_throttle', 'dev_outbox', 'passkey', 'rate_limit', 'session', 'task_lists', 'tasks', 'two_factor', 'user', 'verification'])
  })

  it('keeps 2,000 concurrent parameterised queries from 16 connections apart', async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 16 })
    try {
      const answers = await Promise.all(
        Array.from({ length: 2_000 }, (_, index) => pool.query<{ v: number; s: string }>('select $1::int as v, $2::text as s', [index, `s${index}`])),
      )
      expect(answers.filter((answer, index) => answer.rows[0]?.v !== index || answer.rows[0]?.s !== `s${index}`)).toEqual([])
    } finally {
      await pool.end()
    }
  })

  it('answers other connections while one holds a transaction open', async () => {
    const holder = new pg.Client({ connectionString: database.url })
    await holder.connect()
    try {
      await holder.query('begin')
      await holder.query('select 1')
      const started = performance.now()
      expect(await query<{ ok: number }>(database.url, 'select 1 as ok')).toEqual([{ ok: 1 }])
      expect(performance.now() - started).toBeLessThan(1_000)
    } finally {
      await holder.end()
    }
  })

  it('keeps every committed row across a stop and a start, and across a crash', async () => {
    await query(database.url, 'create table if not exists kept (n int)')
    await query(database.url, 'insert into kept select generate_series(1, 500)')
    await database.stop()
    database = await startEmbeddedDatabase({ dataDir, port })
    expect(await query(database.url, 'select count(*)::int as n from kept')).toEqual([{ n: 500 }])
    await query(database.url, 'insert into kept values (501)')
    await database.crash()
    database = await startEmbeddedDatabase({ dataDir, port })
    expect(await query(database.url, 'select count(*)::int as n, max(n) as last from kept')).toEqual([{ n: 501, last: 501 }])
  }, 60_000)

  it('says so when its port is taken, and when its data directory is in use by another server', async () => {
    await expect(startEmbeddedDatabase({ dataDir: path.join(scratch, 'second'), port })).rejects.toThrow(
      `The embedded database cannot listen on 127.0.0.1:${port}: something else already does.`,
    )
    await expect(startEmbeddedDatabase({ dataDir, port: await freePort() })).rejects.toThrow(
      `An embedded PostgreSQL (pid ${database.pid}) is already running on ${dataDir}: another Tasklane is using it`,
    )
  }, 60_000)
})

describe('serving the data directory as npm start does', () => {
  it('never takes 5432, PostgreSQL\'s own port', async () => {
    await expect(serveEmbeddedDatabase({ TASKLANE_DATA_DIR: path.join(scratch, 'never-5432'), TASKLANE_DB_PORT: '5432' }, () => {})).rejects.toThrow(
      'TASKLANE_DB_PORT: 5432 is where a PostgreSQL',
    )
    expect(existsSync(path.join(scratch, 'never-5432'))).toBe(false)
  })

  it('says that an earlier PGlite folder is no longer read, and leaves it in place', async () => {
    const dataDir = path.join(scratch, 'data-with-pglite')
    mkdirSync(path.join(dataDir, 'pglite'), { recursive: true })
    writeFileSync(path.join(dataDir, 'pglite', 'PG_VERSION'), '17\n')
    const lines: string[] = []
    const database = await serveEmbeddedDatabase({ TASKLANE_DATA_DIR: dataDir, TASKLANE_DB_PORT: String(await freePort()) }, (line) => lines.push(line))
    try {
      expect(lines[0]).toContain(`${path.join(dataDir, 'pglite')} holds data from an earlier Tasklane (PGlite). It is no longer read`)
      expect(lines[0]).toContain('docs/embedded-database.md')
      expect(lines[1]).toMatch(new RegExp(`^embedded PostgreSQL in ${path.join(dataDir, 'postgres')} \\(created in [\\d.]+ s\\)`))
      expect(existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true)
      expect(database.clusterDir).toBe(path.join(dataDir, 'postgres'))
    } finally {
      await database.stop()
    }
  }, 60_000)
})

// PostgreSQL refuses to run as root; as root it runs as `postgres`, which must be able to reach the data directory.
describe.runIf(process.getuid?.() === 0)('as root', () => {
  it('stops with what to do, not a bare initdb error, when the postgres account cannot reach the data directory', async () => {
    const privateHome = path.join(scratch, 'private-home')
    mkdirSync(privateHome)
    chmodSync(privateHome, 0o700)
    const dataDir = path.join(privateHome, '.data', 'postgres')
    const attempt = startEmbeddedDatabase({ dataDir, port: await freePort() })
    await expect(attempt).rejects.toBeInstanceOf(DatabaseUserCannotReach)
    await expect(attempt).rejects.toThrow(`cannot enter ${privateHome} (mode 0700) on the way to the data directory ${dataDir}. To fix it, set TASKLANE_DATA_DIR`)
    expect(existsSync(dataDir)).toBe(false)
  })
})
