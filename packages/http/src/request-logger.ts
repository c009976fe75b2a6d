import type { MiddlewareHandler } from 'hono'
import type { RequestIdVariables } from 'hono/request-id'
import type { Logger } from 'pino'

/**
 * One line per request, after it ends: method, path (never the query string, which can carry tokens), status,
 * duration and the request id. Headers and bodies are not logged at all, so no cookie can reach the log.
 */
export function requestLogger(logger: Logger): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  return async (c, next) => {
    const started = performance.now()
    await next()
    const status = c.res.status
    const level = status >= 500 ? 'error' : 'info'
    if (!logger.isLevelEnabled(level)) return
    logger[level](
      {
        reqId: c.var.requestId,
        req: { method: c.req.method, path: c.req.path },
        res: { status },
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    )
  }
}
