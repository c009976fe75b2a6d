import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chownSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { repositoryRoot } from '@tasklane/config/data-dir'
import { applyMigrations } from '@tasklane/db/migrate'
import waitOn from 'wait-on'
import { freePort } from './test-stack.ts'

/** A database of the test's own that it may stop and start at will, without disturbing other tests. */
export interface PrivateDatabase {
  kind: 'postgres' | 'embedded'
  url: string
  /** Stops it abruptly (PostgreSQL: immediate shutdown; embedded: SIGKILL of its process). */
  stop(): Promise<void>
  start(): Promise<void>
  destroy(): Promise<void>
}

const PG_BIN = `/usr/lib/postgresql/${execFileSync('ls', ['/usr/lib/postgresql']).toString().trim().split('\n')[0]}/bin`

/** A throwaway PostgreSQL cluster (initdb as the postgres user) on a free loopback port. */
export async function startPrivatePostgres(): Promise<PrivateDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tasklane-pg-'))
  chownSync(dir, uidOf('postgres'), gidOf('postgres'))
  const data = path.join(dir, 'data')
  const port = await freePort()
  const asPostgres = (command: string, args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', `${PG_BIN}/${command}`, ...args], { stdio: 'pipe' })
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

/** The embedded database exactly as `npm run db` runs it, as a child process on its own data dir and port. */
export async function startPrivateEmbedded(): Promise<PrivateDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tasklane-embedded-'))
  const port = await freePort()
  let child: ChildProcess | undefined
  const start = async () => {
    child = spawn(process.execPath, ['--import', 'tsx', path.join(repositoryRoot, 'packages/db/src/embedded/main.ts')], {
      cwd: repositoryRoot,
      env: { PATH: process.env.PATH, TASKLANE_DATA_DIR: dataDir, TASKLANE_DB_PORT: String(port) },
      stdio: 'ignore',
    })
    await waitOn({ resources: [`tcp:127.0.0.1:${port}`], timeout: 60_000, interval: 100 })
  }
  const stop = async () => {
    const running = child
    if (!running || running.exitCode !== null || running.signalCode !== null) return
    await new Promise((resolve) => {
      running.once('exit', resolve)
      running.kill('SIGKILL')
    })
  }
  await start()
  return {
    kind: 'embedded',
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    destroy: async () => {
      await stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user]).toString().trim())
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user]).toString().trim())
}
