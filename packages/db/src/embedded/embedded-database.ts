import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import { migrationsFolder } from '../migrate.ts'

export interface EmbeddedDatabaseOptions {
  /** On-disk folder; `undefined` keeps the database in memory (tests only). */
  dataDir: string | undefined
  port: number
  /** The sum of every service's pool size, plus room for migrations and health checks. */
  maxConnections?: number
}

export interface EmbeddedDatabase {
  url: string
  port: number
  stop(): Promise<void>
}

/**
 * PGlite served over the Postgres wire protocol on loopback, so the services use the same `pg` code they use
 * against a real PostgreSQL. Migrations run here, in-process, before the port opens: PGlite multiplexes every
 * connection onto one backend, where advisory locks cannot keep two migrating services apart.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true })
  const db = await PGlite.create(options.dataDir)
  await migrate(drizzle({ client: db }), { migrationsFolder })
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port,
    maxConnections: options.maxConnections ?? 64,
  })
  multiplexBySequence(server, db)
  await server.start()
  const port = Number(server.getServerConn().split(':').pop())
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      await server.stop()
      await db.close()
    },
  }
}

interface QueuedMessage {
  handlerId: number
  message: Uint8Array
  onData(data: Uint8Array): void
  resolve(bytes: number): void
  reject(error: unknown): void
}

interface QueryQueue {
  queue: QueuedMessage[]
  processing: boolean
  lastHandlerId: number | null
  processQueue(): Promise<void>
  clearTransactionIfNeeded(handlerId: number): Promise<void>
}

// Extended-protocol messages after which the backend belongs to their connection until its Sync:
// Parse, Bind, Describe, Execute, Close, Flush.
const OPENS_SEQUENCE = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((letter) => letter.charCodeAt(0)))
// A protocol Sync message: 'S' and a length of 4.
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4])

/**
 * pglite-socket 0.2.17 multiplexes every connection onto one PGlite backend, one message at a time, and keeps
 * the backend for one connection only while PGlite reports an open transaction. Two gaps, both fixed here:
 * - After an error inside an extended-protocol sequence (Parse … Sync) PGlite reports no transaction, yet ignores
 *   everything until that connection's Sync. Messages from other connections slipped in there got no answers,
 *   and their clients waited forever. Here a connection keeps the backend from its first Parse/Bind/… to its Sync.
 * - A connection that goes away mid-sequence would hold the backend forever: its Sync is sent for it.
 * A message that makes PGlite throw no longer leaves the queue stuck either (upstream returns without clearing
 * `processing`). Proven by embedded-database.test.ts.
 */
function multiplexBySequence(server: PGLiteSocketServer, db: PGlite): void {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue
  let owner: number | null = null

  queue.processQueue = async () => {
    if (queue.processing) return
    queue.processing = true
    try {
      while (queue.queue.length > 0) {
        const holder = owner ?? (db.isInTransaction() ? queue.lastHandlerId : null)
        const index = holder === null ? 0 : queue.queue.findIndex((item) => item.handlerId === holder)
        if (index === -1) break // the holder's next message has not arrived yet
        const [item] = queue.queue.splice(index, 1)
        if (!item) break
        const type = item.message[0] ?? 0
        owner = OPENS_SEQUENCE.has(type) ? item.handlerId : null
        queue.lastHandlerId = item.handlerId
        try {
          let bytes = 0
          await db.runExclusive(() =>
            db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length
                item.onData(data)
              },
            }),
          )
          item.resolve(bytes)
        } catch (error) {
          item.reject(error)
        }
      }
    } finally {
      queue.processing = false
    }
  }

  queue.clearTransactionIfNeeded = async (handlerId) => {
    if (queue.lastHandlerId !== handlerId && owner !== handlerId) return
    if (owner === handlerId) await db.runExclusive(() => db.execProtocolRaw(SYNC))
    if (db.isInTransaction()) await db.exec('ROLLBACK')
    owner = null
    queue.lastHandlerId = null
    await queue.processQueue()
  }
}
