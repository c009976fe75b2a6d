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
