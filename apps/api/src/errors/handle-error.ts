import type { Hook } from '@hono/zod-openapi'
import { errorBody } from '@tasklane/http/error-body'
import type { Logger } from '@tasklane/logging'
import type { Context, ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ApiEnv } from '../api-env.ts'
import { toFieldProblems } from '../validation/validation-detail.ts'
import { AppError } from './app-error.ts'
import { isDatabaseUnavailable } from './database-unavailable.ts'
import type { ErrorCode } from './error-codes.ts'

/** Turns anything thrown into the one error shape; never a stack, an SQL string or a driver message. */
export function handleError(logger: Logger): ErrorHandler<ApiEnv> {
  return (error, c) => {
    const appError = toAppError(error)
    if (appError.status >= 500) {
      logger.error({ err: error, reqId: c.var.requestId }, appError.code)
    }
    return respond(c, appError)
  }
}

export function respond(c: Context<ApiEnv>, error: AppError): Response {
  if (error.retryAfter !== undefined) c.header('Retry-After', String(error.retryAfter))
  return c.json(errorBody(c.var.requestId, error.code, error.message, error.detail), error.status)
}

/**
 * A `defaultHook` for OpenAPIHono: a request that breaks its route's declared schemas is 422 VALIDATION_FAILED, naming
 * each field and why. The one path parameter the routes check is an id (a task's, a list's), and one that cannot be an
 * id is the same 404 as another user's (`notFound`): the answer tells nothing about what exists.
 */
export function validationHookNotFoundAs(notFound: ErrorCode): Hook<unknown, ApiEnv, string, void> {
  return (result) => {
    if (result.success) return
    if (result.target === 'param') throw new AppError(notFound)
    throw new AppError('VALIDATION_FAILED', { detail: toFieldProblems(result.error) })
  }
}

/** The api's own hook, for the tasks routes; the lists routes set theirs (list-routes.ts). */
export const validationHook = validationHookNotFoundAs('TASK_NOT_FOUND')

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  if (isDatabaseUnavailable(error)) return new AppError('DATABASE_UNAVAILABLE', { cause: error, retryAfter: 2 })
  if (error instanceof HTTPException) {
    const code = codeForStatus(error.status)
    if (code) return new AppError(code, { cause: error })
  }
  return new AppError('INTERNAL_ERROR', { cause: error })
}

// The HTTPExceptions Hono's own middleware throws, by status; anything else is a 500.
const CODE_FOR_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
}

function codeForStatus(status: number): ErrorCode | undefined {
  return CODE_FOR_STATUS[status]
}
