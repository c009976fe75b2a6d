import { OpenAPIHono } from '@hono/zod-openapi'
import type { ApiConfig } from '@tasklane/config/api'
import { checkDatabase, createPool } from '@tasklane/db/pool'
import { limitWriteBodies, MAX_REQUEST_BODY_BYTES } from '@tasklane/http/limit-write-bodies'
import { requestLogger } from '@tasklane/http/request-logger'
import { trustedOriginCors } from '@tasklane/http/trusted-origin-cors'
import { requireTrustedOrigin } from '@tasklane/http/trusted-origin'
import { noSniff } from '@tasklane/http/no-sniff'
import type { Logger } from '@tasklane/logging'
import { drizzle } from 'drizzle-orm/node-postgres'
import { requestId } from 'hono/request-id'
import type { ApiEnv } from './api-env.ts'
import { AppError } from './errors/app-error.ts'
import { handleError, respond, validationHook } from './errors/handle-error.ts'
import { createExportRepository } from './export/export-repository.ts'
import { EXPORT_ROUTES, exportRoutes } from './export/export-routes.ts'
import { HEALTH_ROUTES, healthRoutes } from './health/health-routes.ts'
import { createListRepository } from './lists/list-repository.ts'
import { LIST_ROUTES, listRoutes } from './lists/list-routes.ts'
import { createEventStreamHub } from './live/event-stream-hub.ts'
import { createPublishingListRepository } from './live/publishing-list-repository.ts'
import { createPublishingTaskRepository } from './live/publishing-task-repository.ts'
import { notifyTaskChanges } from './live/task-change.ts'
import { startTaskChangeListener } from './live/task-change-listener.ts'
import { LIVE_ROUTES, taskEventRoutes } from './live/task-event-routes.ts'
import { registerDocs } from './openapi/docs-routes.ts'
import { requireOwner } from './session/require-owner.ts'
import { requireSession } from './session/require-session.ts'
import { createSessionValidator, type SessionValidator } from './session/session-validator.ts'
import { createTaskRepository } from './tasks/task-repository.ts'
import { TASK_ROUTES, taskRoutes } from './tasks/task-routes.ts'

/** Where the tasks routes are mounted; their declarations' paths are below it. */
export const TASKS_PATH = '/api/:userId/tasks'
/** Where the lists routes are mounted. */
export const LISTS_PATH = '/api/:userId/lists'
/** Where "download my data" is mounted. */
export const EXPORT_PATH = '/api/:userId/export'
/** The declared routes, for tests that hold the running api to its /openapi.json. */
export { EXPORT_ROUTES, HEALTH_ROUTES, LIST_ROUTES, LIVE_ROUTES, TASK_ROUTES }

export interface ApiService {
  app: OpenAPIHono<ApiEnv>
  checkDatabase(): Promise<void>
  /** Ends every open live-update stream: a graceful close waits for open requests, and a stream never ends by itself. */
  endOpenStreams(): void
  close(): Promise<void>
}

export interface ApiDependencies {
  sessionValidator?: SessionValidator
}

export function createApp(config: ApiConfig, logger: Logger, dependencies: ApiDependencies = {}): ApiService {
  const pool = createPool({
    connectionString: config.databaseUrl,
    max: config.databasePoolMax,
    onError: (error) => logger.warn({ err: error }, 'database connection error'),
  })
  const sessionValidator = dependencies.sessionValidator ?? createSessionValidator({ authUrl: config.authUrl, timeoutMs: config.authTimeoutMs })
  // Every write is announced on PostgreSQL's NOTIFY; each api process LISTENs and passes its users' changes to their
  // open streams (live/). Redis pub/sub could replace the channel later; one database serves every instance already.
  const db = drizzle({ client: pool })
  const taskRepository = createPublishingTaskRepository(createTaskRepository(db), notifyTaskChanges(pool), logger)
  const listRepository = createPublishingListRepository(createListRepository(db), notifyTaskChanges(pool), logger)
  const eventStreams = createEventStreamHub(config.eventStreams)
  const taskChanges = startTaskChangeListener({
    connectionString: config.databaseUrl,
    logger,
    onChange: (change) => eventStreams.publish(change),
    onListening: () => eventStreams.resyncAll(),
  })

  // One hook for every declared route: a request that breaks its schemas is 422 VALIDATION_FAILED.
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook })
  app.use(requestId(), noSniff(), requestLogger(logger))
  app.onError(handleError(logger))
  app.notFound((c) => respond(c, new AppError('NOT_FOUND', { detail: { path: c.req.path } })))

  app.route('/', healthRoutes({ checkDatabase: () => checkDatabase(pool), authUrl: config.authUrl, authTimeoutMs: config.authTimeoutMs }))
  registerDocs(app)

  const limitBody = limitWriteBodies({
    maxSize: MAX_REQUEST_BODY_BYTES,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', { detail: { max_bytes: MAX_REQUEST_BODY_BYTES } })
    },
  })
  app.use(
    '/api/*',
    trustedOriginCors({ trustedOrigins: config.trustedOrigins, allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] }),
    requireTrustedOrigin(config.trustedOrigins),
    limitBody,
  )
  // One pattern: in Hono `/tasks/*` also matches `/tasks` itself, so a second `use` for the bare path would ask
  // auth twice per list or create.
  app.use(`${TASKS_PATH}/*`, requireSession(sessionValidator), requireOwner())
  app.use(`${LISTS_PATH}/*`, requireSession(sessionValidator), requireOwner())
  app.route(
    TASKS_PATH,
    taskEventRoutes({
      hub: eventStreams,
      sessionValidator,
      listening: (timeoutMs) => taskChanges.listening(timeoutMs),
      revalidateMs: config.eventStreams.revalidateSeconds * 1000,
      logger,
    }),
  )
  app.route(TASKS_PATH, taskRoutes(taskRepository))
  app.route(LISTS_PATH, listRoutes(listRepository))
  app.use(EXPORT_PATH, requireSession(sessionValidator), requireOwner())
  app.route(EXPORT_PATH, exportRoutes(createExportRepository(db), logger))

  return {
    app,
    checkDatabase: () => checkDatabase(pool),
    endOpenStreams: () => eventStreams.endAll(),
    async close() {
      eventStreams.endAll()
      await taskChanges.close()
      await sessionValidator.close()
      await pool.end()
    },
  }
}
