import { getConnInfo } from '@hono/node-server/conninfo'
import { type Context, Hono } from 'hono'
import { proxy } from 'hono/proxy'
import { requestId, type RequestIdVariables } from 'hono/request-id'
import type { Logger } from 'pino'
import { requestLogger } from '@tasklane/http/request-logger'
import { errorBody } from '@tasklane/http/error-body'

// Node's own fetch, taken when this module loads, before Next.js renders a page: Next then replaces the global
// fetch with one that traces and caches for its pages, which cost about an eighth of this server's CPU when every
// forwarded request went through it. Forwarding needs neither.
const forwardingFetch: typeof fetch = globalThis.fetch

export interface BackendProxyOptions {
  authUrl: string
  apiUrl: string
  logger: Logger
}

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
        customFetch: forwardingFetch,
        headers: {
          ...c.req.header(),
          host: undefined,
          'x-request-id': c.var.requestId,
          'x-forwarded-for': clientIp,
          'x-forwarded-host': c.req.header('host'),
          'x-forwarded-proto': url.protocol.replace(':', ''),
        },
      })
      return base === authUrl ? await withoutTokens(response) : response
    } catch (error) {
      logger.warn({ err: error, reqId: c.var.requestId, target: base }, 'backend unreachable')
      c.header('Retry-After', '2')
      return c.json(errorBody(c.var.requestId, 'SERVICE_UNAVAILABLE', 'The service is not reachable right now; try again shortly.'), 503)
    }
  }

  app.all('/api/auth/*', to(authUrl))
  app.all('/api/:userId/tasks', to(apiUrl))
  app.all('/api/:userId/tasks/*', to(apiUrl))
  app.notFound((c) => c.json(errorBody(c.var.requestId, 'NOT_FOUND', 'No such route.', { path: c.req.path }), 404))
  return app
}

/**
 * Better Auth puts raw session tokens in some JSON bodies (get-session, list-sessions). A browser must only
 * ever hold a token as an HttpOnly cookie, where no script can read it, so every `token` field is removed.
 */
async function withoutTokens(response: Response): Promise<Response> {
  if (!response.headers.get('content-type')?.includes('application/json')) return response
  const text = await response.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return new Response(text, response)
  }
  const headers = new Headers(response.headers)
  headers.delete('content-length')
  return new Response(JSON.stringify(stripTokens(body)), { status: response.status, headers })
}

function stripTokens(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripTokens)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'token').map(([key, inner]) => [key, stripTokens(inner)]))
}
