import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'

type BodyLimitOptions = Parameters<typeof bodyLimit>[0]

/** The largest request body any Tasklane service reads (a task is 1.2 KB at most); the web origin refuses the same. */
export const MAX_REQUEST_BODY_BYTES = 16 * 1024

/**
 * Hono's `bodyLimit`, for requests that can carry a body. GET and HEAD never have one here (@hono/node-server gives
 * them none), and merely asking for it makes @hono/node-server build a whole web Request on the hottest routes.
 */
export function limitWriteBodies(options: BodyLimitOptions): MiddlewareHandler {
  const limit = bodyLimit(options)
  return (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next))
}
