import type { MiddlewareHandler } from 'hono'
import type { ApiEnv } from '../api-env.ts'
import { AppError } from '../errors/app-error.ts'

/** The `:userId` in the path must be the signed-in user; anything else is 403 before any query runs. */
export function requireOwner(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (c.req.param('userId') !== c.var.session.userId) throw new AppError('FORBIDDEN')
    await next()
  }
}
