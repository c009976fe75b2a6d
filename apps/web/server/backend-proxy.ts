import { getConnInfo } from '@hono/node-server/conninfo'
import { type Context, Hono } from 'hono'
import { proxy } from 'hono/proxy'
import { requestId, type RequestIdVariables } from 'hono/request-id'
import type { Logger } from 'pino'
import { requestLogger } from '@tasklane/http/request-logger'
import { errorBody } from '@tasklane/http/error-body'

export interface BackendProxyOptions {
  authUrl: string
  apiUrl: string
  logger: Logger
}

// Better Auth puts the raw session token in these JSON bodies; a browser must only ever get it as an HttpOnly cookie.
const TOKEN_BEARING_PATHS = new Set(['/api/auth/get-session'])

/**
 * The browser talks to one origin. `/api/auth/*` goes to auth and `/api/:userId/tasks…` to the api, read from
 * the environment at start (not baked in at build time). Cookies, Set-Cookie and the request id pass through
 * unchanged; the client's IP is passed as the only `X-Forwarded-For` hop, so auth rate-limits per person.
 */
export function backendProxy({ authUrl, apiUrl, logger }: BackendProxyOptions) {
  const app = new Hono<{ Variables: RequestIdVariables }>()
  app.use(requestId(), requestLogger(logger))

  const to = (base: string) => async (c: Context<{ Variables: RequestIdVariables }>) => {
    const url = new URL(c.req.url)
    const clientIp = getConnInfo(c).remote.address ?? ''
    try {
      const response = await proxy(`${base}${url.pathname}${url.search}`, {
        ...c.req,
        headers: {
          ...c.req.header(),
          host: undefined,
          'x-request-id': c.var.requestId,
          'x-forwarded-for': clientIp,
          'x-forwarded-host': c.req.header('host'),
          'x-forwarded-proto': url.protocol.replace(':', ''),
        },
      })
      return TOKEN_BEARING_PATHS.has(url.pathname) ? await withoutSessionToken(response) : response
    } catch (error) {
      logger.warn({ err: error, reqId: c.var.requestId, target: base }, 'backend unreachable')
      c.header('Retry-After', '2')
      return c.json(errorBody('SERVICE_UNAVAILABLE', 'The service is not reachable right now; try again shortly.'), 503)
    }
  }

  app.all('/api/auth/*', to(authUrl))
  app.all('/api/:userId/tasks', to(apiUrl))
  app.all('/api/:userId/tasks/*', to(apiUrl))
  app.notFound((c) => c.json(errorBody('NOT_FOUND', 'No such route.', { path: c.req.path }), 404))
  return app
}

async function withoutSessionToken(response: Response): Promise<Response> {
  if (!response.ok || !response.headers.get('content-type')?.includes('application/json')) return response
  const body = (await response.json()) as { session?: { token?: unknown } } | null
  if (body?.session) delete body.session.token
  const headers = new Headers(response.headers)
  headers.delete('content-length')
  return new Response(JSON.stringify(body), { status: response.status, headers })
}
