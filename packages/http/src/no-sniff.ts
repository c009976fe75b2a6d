import type { MiddlewareHandler } from 'hono'
import { setResponseHeader } from './set-response-header.ts'

/**
 * `X-Content-Type-Options: nosniff` on every answer, errors included: set before the handler (kept by every answer
 * Hono builds), and again afterwards on a finished Response a handler returned (Better Auth's), as `echoRequestId` does.
 */
export function noSniff(): MiddlewareHandler {
  return async (c, next) => {
    c.header('X-Content-Type-Options', 'nosniff')
    await next()
    if (!c.res.headers.has('x-content-type-options')) setResponseHeader(c, 'X-Content-Type-Options', 'nosniff')
  }
}
