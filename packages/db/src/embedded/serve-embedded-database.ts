import { existsSync } from 'node:fs'
import path from 'node:path'
import { resolveDataDir } from '@tasklane/config/data-dir'
import { EMBEDDED_DATABASE_PORT } from '@tasklane/config/database'
import { type Env, port as portField } from '@tasklane/config/load'
import { type EmbeddedDatabase, startEmbeddedDatabase } from './embedded-database.ts'

export interface ServedDatabase extends EmbeddedDatabase {
  /** The cluster's folder, `<TASKLANE_DATA_DIR>/postgres`. */
  clusterDir: string
}

/**
 * The embedded database as `npm start` and `npm run db` run it: `<TASKLANE_DATA_DIR>/postgres` on
 * 127.0.0.1:`TASKLANE_DB_PORT`. Says what it is doing on `print`, including that an earlier PGlite folder is
 * no longer read (docs/embedded-database.md tells how to carry its rows over).
 */
export async function serveEmbeddedDatabase(env: Env, print: (line: string) => void): Promise<ServedDatabase> {
  const dataDir = resolveDataDir(env.TASKLANE_DATA_DIR)
  const port = portField(EMBEDDED_DATABASE_PORT).parse(env.TASKLANE_DB_PORT)
  // 5432 belongs to a PostgreSQL the machine may run itself; sharing it would send one's data to the other.
  if (port === 5432) throw new Error('TASKLANE_DB_PORT: 5432 is where a PostgreSQL of the machine\'s own listens; choose another port (default 55432).')
  const pgliteDir = path.join(dataDir, 'pglite')
  if (existsSync(pgliteDir)) {
    print(
      `${pgliteDir} holds data from an earlier Tasklane (PGlite). It is no longer read and is left as it is; ` +
        'to carry its rows over, see "Moving data from PGlite" in docs/embedded-database.md.',
    )
  }
  const clusterDir = path.join(dataDir, 'postgres')
  const fresh = !existsSync(path.join(clusterDir, 'PG_VERSION'))
  const started = performance.now()
  const database = await startEmbeddedDatabase({ dataDir: clusterDir, port })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  print(`embedded PostgreSQL in ${clusterDir} (${fresh ? 'created' : 'started'} in ${seconds} s), serving ${database.url}`)
  return { ...database, clusterDir }
}
