import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type EmbeddedDatabase, startEmbeddedDatabase } from '@tasklane/db/embedded'
import { freePort } from './free-port.ts'

export interface ThrowawayEmbeddedDatabase extends EmbeddedDatabase {
  dataDir: string
  /** Starts it again on the same data and port, after `stop` or `crash`. */
  restart(): Promise<void>
  /** Stops it and deletes its data. */
  destroy(): Promise<void>
}

/**
 * The embedded PostgreSQL `npm start` runs, on a fresh data directory in the system's temporary folder (which the
 * `postgres` account can reach when this runs as root) and a free port; without fsync unless `durable` (the data is
 * thrown away, so only a benchmark of what users get needs it).
 */
export async function startThrowawayEmbeddedDatabase(
  options: { maxConnections?: number; durable?: boolean } = {},
): Promise<ThrowawayEmbeddedDatabase> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'tasklane-embedded-'))
  chmodSync(scratch, 0o755) // mkdtemp makes it 0700; as root, the postgres account must be able to enter it
  const dataDir = path.join(scratch, 'postgres')
  const port = await freePort()
  const start = () => startEmbeddedDatabase({ dataDir, port, maxConnections: options.maxConnections ?? 200, durable: options.durable ?? false })
  let current = await start()
  return {
    get url() {
      return current.url
    },
    get pid() {
      return current.pid
    },
    port,
    dataDir,
    stop: () => current.stop(),
    crash: () => current.crash(),
    async restart() {
      current = await start()
    },
    async destroy() {
      await current.stop()
      rmSync(path.dirname(dataDir), { recursive: true, force: true })
    },
  }
}
