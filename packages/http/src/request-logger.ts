import type { MiddlewareHandler } from 'hono'
import type { RequestIdVariables } from 'hono/request-id'
import type { Logger } from 'pino'

export interface RequestLoggerOptions {
  /**
   * Paths whose successful answers are logged at debug rather than info: a hot path whose caller already logs
   * the same request under the same request id (auth's get-session, once per api request). Answers of 400 and
   * above are logged as usual.
   */
  quietPaths?: readonly string[]
}

/**
 * One line per request, after it ends: method, path (never the query string, which can carry tokens), status,
 * duration and the request id. Headers and bodies are not logged at all, so no cookie can reach the log.
 */
export function requestLogger(logger: Logger, { quietPaths = [] }: RequestLoggerOptions = {}): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  const quiet = new Set(quietPaths)
  return async (c, next) => {
    const started = performance.now()
    await next()
    const status = c.res.status
    const level = status >= 500 ? 'error' : status < 400 && quiet.has(c.req.path) ? 'debug' : 'info'
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
