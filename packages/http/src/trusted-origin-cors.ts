import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { setResponseHeader } from './set-response-header.ts'

export interface TrustedOriginCorsOptions {
  trustedOrigins: readonly string[]
  allowMethods: string[]
}

/**
 * CORS for the trusted origins, with credentials; nobody else. Hono's `cors` is asked only when the request names
 * an `Origin`: without one, no browser reads CORS headers. Hono's `cors` touches the response before and after
 * the handler, which makes @hono/node-server turn every answer into a web stream; on the calls that carry no
 * `Origin` (the api asking auth for the session, page renders, same-origin reads) that was about a tenth of each
 * service's CPU. `Vary: Origin` is kept, so a cache never hands one origin's answer to another.
 */
export function trustedOriginCors({ trustedOrigins, allowMethods }: TrustedOriginCorsOptions): MiddlewareHandler {
  const withCors = cors({ origin: [...trustedOrigins], credentials: true, allowMethods })
  return async (c, next) => {
    if (c.req.header('origin') !== undefined) return withCors(c, next)
    await next()
    setResponseHeader(c, 'Vary', 'Origin', { append: true })
  }
}
