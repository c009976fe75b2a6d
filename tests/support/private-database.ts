import { execFileSync } from 'node:child_process'
import { chownSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { applyMigrations } from '@tasklane/db/migrate'
import { freePort } from '@tasklane/test-kit/free-port'
import { startThrowawayEmbeddedDatabase } from '@tasklane/test-kit/throwaway-embedded-database'

/** A database of the test's own that it may stop and start at will, without disturbing other tests. */
export interface PrivateDatabase {
  kind: 'postgres' | 'embedded'
  url: string
  /** Stops it abruptly: an immediate shutdown, as a crash would leave it. */
  stop(): Promise<void>
  start(): Promise<void>
  destroy(): Promise<void>
}

/** The machine's PostgreSQL binaries (Debian's layout), looked up only by the tests that use them. */
const postgresBin = () => `/usr/lib/postgresql/${execFileSync('ls', ['/usr/lib/postgresql']).toString().trim().split('\n')[0]}/bin`

/** A throwaway PostgreSQL cluster (initdb as the postgres user) on a free loopback port. */
export async function startPrivatePostgres(): Promise<PrivateDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tasklane-pg-'))
  chownSync(dir, uidOf('postgres'), gidOf('postgres'))
  const data = path.join(dir, 'data')
  const port = await freePort()
  const asPostgres = (command: string, args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', `${postgresBin()}/${command}`, ...args], { stdio: 'pipe' })
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'])
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`
  const start = async () => {
    asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start'])
  }
  await start()
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  await applyMigrations(url)
  return {
    kind: 'postgres',
    url,
    stop: async () => {
      asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
    },
    start,
    destroy: async () => {
      try {
        asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The embedded PostgreSQL `npm start` runs, on its own data dir and port; stopped abruptly by an immediate shutdown. */
export async function startPrivateEmbedded(): Promise<PrivateDatabase> {
  const database = await startThrowawayEmbeddedDatabase()
  let running = true
  return {
    kind: 'embedded',
    url: database.url,
    stop: async () => {
      await database.crash()
      running = false
    },
    start: async () => {
      await database.restart()
      running = true
    },
    destroy: async () => {
      if (!running) await database.restart()
      await database.destroy()
    },
  }
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user]).toString().trim())
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user]).toString().trim())
}
