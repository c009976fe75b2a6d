import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { applyMigrations } from '@tasklane/db/migrate'
import pg from 'pg'
import { freePort, spawnProcess } from './spawn-process.ts'

export interface BenchDatabase {
  url: string
  /** The process serving it, when the bench started one (the embedded database); its RSS is reported. */
  pid: number | undefined
  stop(): Promise<void>
}

export const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/**
 * The embedded database exactly as `npm run db` serves it (PGlite over the wire, migrated), as a child
 * process on a fresh data dir, so its single-threaded work does not share the load generator's event loop.
 */
export async function startEmbeddedDatabase(logDir: string): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tasklane-bench-pglite-'))
  const port = await freePort()
  const database = await spawnProcess({
    name: 'embedded-database',
    entry: 'packages/db/src/embedded/main.ts',
    port,
    env: { TASKLANE_DATA_DIR: dataDir, TASKLANE_DB_PORT: String(port) },
    logDir,
    ready: 'tcp',
  })
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    pid: database.pid,
    async stop() {
      await database.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A fresh database `tasklane_bench_<time>` on the machine's PostgreSQL, migrated as services migrate; dropped by `stop`. */
export async function createPostgresDatabase(): Promise<BenchDatabase> {
  const name = `tasklane_bench_${Date.now()}_${randomBytes(2).toString('hex')}`
  try {
    await withAdmin((client) => client.query(`create database ${name}`))
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL} (set BENCH_POSTGRES_URL): ${(error as Error).message}`, { cause: error })
  }
  const url = new URL(POSTGRES_ADMIN_URL)
  url.pathname = `/${name}`
  await applyMigrations(url.toString())
  return {
    url: url.toString(),
    pid: undefined,
    async stop() {
      await withAdmin((client) => client.query(`drop database if exists ${name} with (force)`))
    },
  }
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** One short-lived connection for seeding and EXPLAIN. */
export async function withDatabase<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
