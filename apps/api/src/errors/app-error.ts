import { HTTPException } from 'hono/http-exception'
import { ERROR_CODES, type ErrorCode } from './error-codes.ts'

/** Thrown anywhere in the api; `handleError` turns it into `{ error_code, message, detail }`. */
export class AppError extends HTTPException {
  readonly code: ErrorCode
  readonly detail: unknown
  /** Seconds, for 503s: tells clients when a retry makes sense. */
  readonly retryAfter: number | undefined

  constructor(code: ErrorCode, options: { detail?: unknown; message?: string; cause?: unknown; retryAfter?: number } = {}) {
    const { status, message } = ERROR_CODES[code]
    super(status, { message: options.message ?? message, cause: options.cause })
    this.code = code
    this.detail = options.detail ?? null
    this.retryAfter = options.retryAfter
  }
}
