import { execFileSync } from 'node:child_process'
import pg from 'pg'

// This file is loaded by vitest.config.ts itself, where only compiled packages can be imported: pg, not workspaces.

/** The machine's own PostgreSQL, which the external-database path (DATABASE_URL) is tested against. */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/**
 * Whether the PostgreSQL at `adminUrl` answers. The machine's PostgreSQL may have been stopped (a fault test, a
 * reboot): if it does not answer, it is started the way Debian starts it, where that tool exists.
 */
export async function ensurePostgresRunning(adminUrl: string): Promise<boolean> {
  if (await answers(adminUrl)) return true
  try {
    const version = execFileSync('ls', ['/etc/postgresql'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split('\n')[0] ?? ''
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'ignore' })
  } catch {
    return false
  }
  return answers(adminUrl)
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}
