import type { MiddlewareHandler } from 'hono'
import type { RequestIdVariables } from 'hono/request-id'
import { setResponseHeader } from './set-response-header.ts'

/**
 * Puts the request id on every answer. Hono's `requestId` sets its header before the handler runs, and Hono drops it
 * when the handler returns a finished Response (every answer of Better Auth's, and anything proxied).
 */
export function echoRequestId(): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  return async (c, next) => {
    await next()
    if (!c.res.headers.has('x-request-id')) setResponseHeader(c, 'X-Request-Id', c.var.requestId)
  }
}
