import { ConfigError, type Env } from '@tasklane/config/load'
import { applyMigrations } from '@tasklane/db/migrate'
import { createLogger, type Logger } from '@tasklane/logging'
import type { Hono } from 'hono'
import { exitOnSignal, listen } from './serve-app.ts'
import { visibleConfig } from './visible-config.ts'

interface ServiceConfig {
  host: string
  port: number
  databaseUrl: string
  logLevel: string
}

export interface RunServiceOptions<C extends ServiceConfig> {
  service: string
  loadConfig: (env: Env) => C
  createApp: (
    config: C,
    logger: Logger,
  ) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Hono app, whatever its bindings
    app: Hono<any, any, any>
    checkDatabase(): Promise<void>
    /** Ends requests that never finish by themselves (event streams), so the graceful close below can complete. */
    endOpenStreams?(): void
    close(): Promise<void>
  }
  /** Logged once the port is open, e.g. "Better Auth ready". */
  readyMessage: string
}

/**
 * What every service's `main` does: validate the environment (exit 1 naming the bad variable), log the
 * configuration without secrets, migrate, check the database, listen, and shut down cleanly on SIGTERM.
 */
export async function runService<C extends ServiceConfig>({ service, loadConfig, createApp, readyMessage }: RunServiceOptions<C>) {
  let config: C
  try {
    config = loadConfig(process.env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    process.exit(1)
  }
  const logger = createLogger({ service, level: config.logLevel })
  logger.info({ config: visibleConfig(config) }, 'configuration')

  const database = new URL(config.databaseUrl).host
  try {
    await applyMigrations(config.databaseUrl)
  } catch (error) {
    logger.fatal(
      { err: error, database },
      `cannot reach or migrate the database at ${database}: start it (npm run db, or npm start for everything) or fix DATABASE_URL`,
    )
    process.exit(1)
  }
  const app = createApp(config, logger)
  await app.checkDatabase()
  logger.info({ database }, 'database reachable, migrations applied')

  const server = await listen({ app: app.app, host: config.host, port: config.port, logger })
  logger.info({ url: server.url }, readyMessage)
  exitOnSignal(logger, async () => {
    app.endOpenStreams?.()
    await server.close()
    await app.close()
  })
}
