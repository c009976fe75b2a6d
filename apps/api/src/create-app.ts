import type { ApiConfig } from '@tasklane/config/api'
import { checkDatabase, createPool } from '@tasklane/db/pool'
import { errorBody } from '@tasklane/http/error-body'
import { limitWriteBodies } from '@tasklane/http/limit-write-bodies'
import { requestLogger } from '@tasklane/http/request-logger'
import { trustedOriginCors } from '@tasklane/http/trusted-origin-cors'
import { requireTrustedOrigin } from '@tasklane/http/trusted-origin'
import type { Logger } from '@tasklane/logging'
import { drizzle } from 'drizzle-orm/node-postgres'
import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import type { ApiEnv } from './api-env.ts'
import { AppError } from './errors/app-error.ts'
import { handleError, respond } from './errors/handle-error.ts'
import { docsRoutes } from './openapi/docs-routes.ts'
import { requireOwner } from './session/require-owner.ts'
import { requireSession } from './session/require-session.ts'
import { createSessionValidator, type SessionValidator } from './session/session-validator.ts'
import { createTaskRepository } from './tasks/task-repository.ts'
import { taskRoutes } from './tasks/task-routes.ts'

export const MAX_BODY_BYTES = 16 * 1024

export interface ApiService {
  app: Hono<ApiEnv>
  checkDatabase(): Promise<void>
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
  const taskRepository = createTaskRepository(drizzle({ client: pool }))

  const app = new Hono<ApiEnv>()
  app.use(requestId(), requestLogger(logger))
  app.onError(handleError(logger))
  app.notFound((c) => respond(c, new AppError('NOT_FOUND', { detail: { path: c.req.path } })))

  app.get('/health', (c) => c.json({ status: 'ok' }))
  app.get('/ready', async (c) => {
    const [database, auth] = await Promise.all([
      checkDatabase(pool).then(() => 'ok', () => 'unreachable'),
      fetch(`${config.authUrl}/health`, { signal: AbortSignal.timeout(config.authTimeoutMs) }).then(
        (response) => (response.ok ? 'ok' : 'unreachable'),
        () => 'unreachable',
      ),
    ])
    if (database === 'ok' && auth === 'ok') return c.json({ status: 'ready', database, auth })
    return c.json(errorBody('NOT_READY', 'A dependency is not reachable.', { database, auth }), 503)
  })
  app.route('/', docsRoutes())

  const limitBody = limitWriteBodies({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', { detail: { max_bytes: MAX_BODY_BYTES } })
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
  app.use('/api/:userId/tasks/*', requireSession(sessionValidator), requireOwner())
  app.route('/api/:userId/tasks', taskRoutes(taskRepository))

  return {
    app,
    checkDatabase: () => checkDatabase(pool),
    async close() {
      await sessionValidator.close()
      await pool.end()
    },
  }
}
