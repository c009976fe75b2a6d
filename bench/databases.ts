import { type EmbeddedDatabase } from '@tasklane/db/embedded'
import { createMigratedDatabase } from '@tasklane/test-kit/postgres-database'
import { startThrowawayEmbeddedDatabase } from '@tasklane/test-kit/throwaway-embedded-database'

export { withClient as withDatabase } from '@tasklane/test-kit/postgres-database'

export interface BenchDatabase {
  url: string
  /** The server's main process, when the bench started one (the embedded database); its memory is reported. */
  pid: EmbeddedDatabase['pid']
  stop(): Promise<void>
}

export const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** The embedded PostgreSQL as `npm start` runs it (durable, migrated), on a fresh data dir and a free port. */
export async function startEmbeddedDatabase(): Promise<BenchDatabase> {
  const database = await startThrowawayEmbeddedDatabase({ durable: true })
  return { url: database.url, pid: database.pid, stop: () => database.destroy() }
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
