import { createMigratedDatabase } from '@tasklane/test-kit/postgres-database'
import { startThrowawayEmbeddedDatabase } from '@tasklane/test-kit/throwaway-embedded-database'
import { round } from './measure.ts'
import { type TreeMemory, treeMemoryMb } from './memory.ts'

export { withClient as withDatabase } from '@tasklane/test-kit/postgres-database'

export interface BenchDatabase {
  url: string
  /**
   * The server's main process when the bench started one: the embedded PostgreSQL's postmaster, whose children
   * (background workers, one backend per connection) count with it. Read it again after a restart.
   */
  readonly pid: number | undefined
  stop(): Promise<void>
}

export interface EmbeddedStart {
  /** initdb, start and migrations on an empty data dir: what a user's first `npm start` waits for. */
  first_start_s: number
  /** Fast shutdown of the idle server. */
  stop_s: number
  /** Start on the same data dir, migrations found applied: what every later `npm start` waits for. */
  restart_s: number
  /** Its processes' memory right after the first start, before any service has connected. */
  memory_after_start: TreeMemory | undefined
}

export const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/**
 * The embedded PostgreSQL as `npm start` runs it (durable, migrated), on a fresh data dir and a free port, timed:
 * started, stopped and started again before anything connects, so the services measured run on a restarted server.
 */
export async function startEmbeddedDatabase(): Promise<BenchDatabase & { start: EmbeddedStart }> {
  const seconds = (since: number) => round((performance.now() - since) / 1000, 2)
  let began = performance.now()
  const database = await startThrowawayEmbeddedDatabase({ durable: true })
  const firstStart = seconds(began)
  const memoryAfterStart = database.pid === undefined ? undefined : treeMemoryMb(database.pid)
  try {
    began = performance.now()
    await database.stop()
    const stop = seconds(began)
    began = performance.now()
    await database.restart()
    const restart = seconds(began)
    return {
      url: database.url,
      get pid() {
        return database.pid
      },
      stop: () => database.destroy(),
      start: { first_start_s: firstStart, stop_s: stop, restart_s: restart, memory_after_start: memoryAfterStart },
    }
  } catch (error) {
    await database.destroy().catch(() => {})
    throw error
  }
}

/** A fresh database `tasklane_bench_<time>` on the machine's PostgreSQL, migrated as services migrate; dropped by `stop`. */
export async function createPostgresDatabase(): Promise<BenchDatabase> {
  try {
    const database = await createMigratedDatabase(POSTGRES_ADMIN_URL, 'tasklane_bench')
    return { url: database.url, pid: undefined, stop: database.drop }
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL} (set BENCH_POSTGRES_URL): ${(error as Error).message}`, { cause: error })
  }
}
