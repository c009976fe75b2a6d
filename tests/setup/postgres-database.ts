import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { applyMigrations } from '@tasklane/db/migrate'
import pg from 'pg'
import type { TestProject } from 'vitest/node'

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** A fresh database on the machine's PostgreSQL for this run, migrated the way services migrate; dropped after. */
export default async function setup(project: TestProject) {
  await ensurePostgresRunning()
  const name = `tasklane_test_${Date.now()}_${randomBytes(3).toString('hex')}`
  await withAdmin((client) => client.query(`create database ${name}`))
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  await applyMigrations(url.toString())
  project.provide('databaseUrl', url.toString())
  project.provide('databaseKind', 'postgres')
  return async () => {
    await withAdmin((client) => client.query(`drop database if exists ${name} with (force)`))
  }
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** The machine's PostgreSQL may have been stopped (a fault test, a reboot): start it the way the machine does. */
async function ensurePostgresRunning() {
  try {
    await withAdmin((client) => client.query('select 1'))
    return
  } catch {
    // fall through and start it
  }
  try {
    const version = execFileSync('ls', ['/etc/postgresql']).toString().trim().split('\n')[0] ?? ''
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' })
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${ADMIN_URL} and could not be started: ${(error as Error).message}`, { cause: error })
  }
  await withAdmin((client) => client.query('select 1'))
}
