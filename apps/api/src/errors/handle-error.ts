import { errorBody } from '@tasklane/http/error-body'
import type { Logger } from '@tasklane/logging'
import type { Context, ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { AppError } from './app-error.ts'
import { isDatabaseUnavailable } from './database-unavailable.ts'
import { ERROR_CODES, type ErrorCode } from './error-codes.ts'

/** Turns anything thrown into the one error shape; never a stack, an SQL string or a driver message. */
export function handleError(logger: Logger): ErrorHandler {
  return (error, c) => {
    const appError = toAppError(error)
    if (appError.status >= 500) {
      logger.error({ err: error, reqId: c.get('requestId') }, appError.code)
    }
    return respond(c, appError)
  }
}

export function respond(c: Context, error: AppError): Response {
  if (error.retryAfter !== undefined) c.header('Retry-After', String(error.retryAfter))
  return c.json(errorBody(error.code, error.message, error.detail), error.status)
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  if (isDatabaseUnavailable(error)) return new AppError('DATABASE_UNAVAILABLE', { cause: error, retryAfter: 2 })
  if (error instanceof HTTPException) {
    const code = codeForStatus(error.status)
    if (code) return new AppError(code, { cause: error })
  }
  return new AppError('INTERNAL_ERROR', { cause: error })
}

function codeForStatus(status: number): ErrorCode | undefined {
  const match = Object.entries(ERROR_CODES).find(([, entry]) => entry.status === status)
  return match?.[0] as ErrorCode | undefined
}
