import type { MiddlewareHandler } from 'hono'
import type { RequestIdVariables } from 'hono/request-id'
import { errorBody } from './error-body.ts'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * CSRF guard for cookie-authenticated writes: a state-changing request whose `Origin` is not trusted, or that
 * has no `Origin` but a browser marked it cross-site, is refused before any handler runs. Requests with neither
 * header come from non-browser clients, which cannot be made to carry a victim's cookies.
 */
export function requireTrustedOrigin(trustedOrigins: readonly string[]): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  const trusted = new Set(trustedOrigins)
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next()
    const origin = c.req.header('origin')
    const crossSite = c.req.header('sec-fetch-site') === 'cross-site'
    if (origin === undefined ? crossSite : !trusted.has(origin)) {
      const message = 'This request came from an origin that is not allowed to change data.'
      return c.json(errorBody(c.var.requestId, 'CSRF_REJECTED', message, { origin: origin ?? null }), 403)
    }
    return next()
  }
}
