import type { AuthConfig } from '@tasklane/config/auth'
import { checkDatabase, createPool } from '@tasklane/db/pool'
import { echoRequestId } from '@tasklane/http/echo-request-id'
import { errorBody } from '@tasklane/http/error-body'
import { limitWriteBodies, MAX_REQUEST_BODY_BYTES } from '@tasklane/http/limit-write-bodies'
import { requestLogger } from '@tasklane/http/request-logger'
import { trustedOriginCors } from '@tasklane/http/trusted-origin-cors'
import { requireTrustedOrigin } from '@tasklane/http/trusted-origin'
import { noSniff } from '@tasklane/http/no-sniff'
import type { Logger } from '@tasklane/logging'
import { drizzle } from 'drizzle-orm/node-postgres'
import { Hono } from 'hono'
import { requestId, type RequestIdVariables } from 'hono/request-id'
import { createAccountThrottle } from './account-throttle.ts'
import { authRoutes } from './auth-routes.ts'
import { createAuth } from './better-auth.ts'
import { createRedisConnection } from './redis-client.ts'
import { createSecondaryStorage } from './secondary-storage.ts'
import { clientIp } from './client-ip.ts'
import { createAccountMail } from './mail/account-mail.ts'
import { createAddressLimiter } from './mail/address-limiter.ts'
import { createDevOutboxTransport } from './mail/dev-outbox-transport.ts'
import { devOutboxRoutes } from './mail/dev-outbox-routes.ts'
import { createMailer, type Mailer } from './mail/mailer.ts'
import { createResetLinks } from './mail/reset-links.ts'
import { createSmtpTransport } from './mail/smtp-transport.ts'

const GET_SESSION_PATH = '/api/auth/get-session'
const READY_REDIS_TIMEOUT_MS = 2_000
const STARTUP_REDIS_TIMEOUT_MS = 10_000

export interface AuthService {
  app: Hono<{ Variables: RequestIdVariables }>
  auth: ReturnType<typeof createAuth>
  mailer: Mailer
  checkDatabase(): Promise<void>
  close(): Promise<void>
}

export function createApp(config: AuthConfig, logger: Logger): AuthService {
  const pool = createPool({
    connectionString: config.databaseUrl,
    max: config.databasePoolMax,
    onError: (error) => logger.warn({ err: error }, 'database connection error'),
  })
  const redisConnection = config.redisUrl ? createRedisConnection(config.redisUrl, logger) : undefined
  const redis = redisConnection?.client
  const accountThrottle = createAccountThrottle({
    settings: config.accountThrottle,
    secret: config.secret,
    store: pool,
    logger,
  })
  const db = drizzle({ client: pool })
  const { transport: mailTransport } = config.mail
  const mailer = createMailer({
    transport: mailTransport.kind === 'smtp' ? createSmtpTransport(mailTransport.url, mailTransport.from) : createDevOutboxTransport(db),
    logger,
  })
  const addressLimiter = createAddressLimiter({ settings: config.mail.perAddress, secret: config.secret, store: pool, logger })
  const resetLinks = createResetLinks(db, async (identifier) => (await auth.$context).internalAdapter.deleteVerificationByIdentifier(identifier))
  const accountMail = createAccountMail({ webOrigin: config.baseUrl, mailer, addressLimiter, resetLinks, logger })
  const auth = createAuth({
    config,
    db,
    logger,
    secondaryStorage: redisConnection ? createSecondaryStorage({ redis: redisConnection, pool, logger }) : undefined,
    accountMail,
    onPasswordReset: async (user) => {
      await accountThrottle.clear(user.email)
      await resetLinks.revokeAll(user.id)
    },
  })

  const app = new Hono<{ Variables: RequestIdVariables }>()
  // get-session answers once per api request, and the api logs that request under the same id: logging it again
  // here at info cost auth about 5% of its CPU on its hottest route. Failures are still logged.
  app.use(requestId(), echoRequestId(), noSniff(), requestLogger(logger, { quietPaths: [GET_SESSION_PATH] }))

  app.get('/health', (c) => c.json({ status: 'ok' }))
  app.get('/ready', async (c) => {
    const reachable = (check: Promise<unknown>) => check.then(() => 'ok' as const, () => 'unreachable' as const)
    const [database, redisState] = await Promise.all([
      reachable(checkDatabase(pool)),
      redisConnection ? reachable(redisConnection.ping(READY_REDIS_TIMEOUT_MS)) : undefined,
    ])
    const dependencies = { database, ...(redisState ? { redis: redisState } : {}) }
    if (database !== 'ok') {
      c.header('retry-after', '2')
      return c.json(errorBody(c.var.requestId, 'NOT_READY', 'Not reachable: database.', dependencies), 503)
    }
    // Without Redis auth still serves every request, from PostgreSQL (secondary-storage.ts), so it stays in rotation:
    // a 503 here would take every instance out of a load balancer at once. It says so, for whoever watches.
    return c.json({ status: redisState === 'unreachable' ? 'degraded' : 'ready', ...dependencies })
  })

  const limitBody = limitWriteBodies({
    maxSize: MAX_REQUEST_BODY_BYTES,
    onError: (c) => c.json(errorBody(c.var.requestId, 'PAYLOAD_TOO_LARGE', `Request bodies are limited to ${MAX_REQUEST_BODY_BYTES} bytes.`), 413),
  })
  const corsForTrustedOrigins = trustedOriginCors({ trustedOrigins: config.trustedOrigins, allowMethods: ['GET', 'POST', 'OPTIONS'] })

  // The session check every api request makes. Better Auth still does all the validating, in-process, with
  // the same answer its generic handler gives (status, body, refresh Set-Cookie), minus that handler's
  // per-request router rebuild and minus the per-IP rate limit that would otherwise throttle the api itself.
  // Registered before the middleware below, which it does not need: a GET has no body to bound and writes
  // nothing, and the client IP only feeds rate limits and new sessions.
  app.get(GET_SESSION_PATH, corsForTrustedOrigins, (c) =>
    auth.api.getSession({ headers: c.req.raw.headers, query: c.req.query(), asResponse: true }),
  )

  app.use(
    '/api/auth/*',
    corsForTrustedOrigins,
    limitBody,
    // Better Auth checks Origin only when a cookie is present; refusing foreign origins on every write also
    // stops login CSRF (signing a victim into the attacker's account).
    requireTrustedOrigin([...config.trustedOrigins, new URL(config.baseUrl).origin]),
    clientIp(config.trustedProxies),
  )

  // Outside production only: the mail that would have been sent, for `npm start` without a mail server, and for tests.
  if (config.nodeEnv !== 'production') app.route('/', devOutboxRoutes(db))

  const handleAuth = authRoutes(auth, logger, accountThrottle, { accountMail, resetLinks })
  app.on(['GET', 'POST'], '/api/auth/*', (c) => handleAuth(c.req.raw, c.req.path, c.var.requestId))

  app.notFound((c) => c.json(errorBody(c.var.requestId, 'NOT_FOUND', 'No such route.', { path: c.req.path }), 404))
  app.onError((error, c) => {
    logger.error({ err: error, reqId: c.var.requestId }, 'unhandled error')
    return c.json(errorBody(c.var.requestId, 'INTERNAL_ERROR', 'Something went wrong on our side.'), 500)
  })

  return {
    app,
    auth,
    mailer,
    async checkDatabase() {
      await checkDatabase(pool)
      await redisConnection?.ping(STARTUP_REDIS_TIMEOUT_MS)
    },
    async close() {
      await mailer.close()
      redis?.disconnect()
      await pool.end()
    },
  }
}
