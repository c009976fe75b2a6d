import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** Every error the api can answer with: a stable code for clients, its status, and a message for people. */
export const ERROR_CODES = {
  BAD_REQUEST: { status: 400, message: 'The request is not well-formed.' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  UNAUTHENTICATED: { status: 401, message: 'Sign in to continue.' },
  FORBIDDEN: { status: 403, message: 'You can only reach your own tasks.' },
  CSRF_REJECTED: { status: 403, message: 'This request came from an origin that is not allowed to change data.' },
  NOT_FOUND: { status: 404, message: 'No such route.' },
  TASK_NOT_FOUND: { status: 404, message: 'No such task.' },
  LIST_NOT_FOUND: { status: 404, message: 'No such list.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'That method is not allowed here.' },
  LIST_NAME_TAKEN: { status: 409, message: 'You already have a list with that name.' },
  LIST_LIMIT_REACHED: { status: 409, message: 'You have as many lists as you can have; delete one to make another.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the request body as application/json.' },
  VALIDATION_FAILED: { status: 422, message: 'Some fields are not valid.' },
  TOO_MANY_EVENT_STREAMS: { status: 429, message: 'Too many live-update streams are open for this account; close a tab and try again.' },
  INTERNAL_ERROR: { status: 500, message: 'Something went wrong on our side.' },
  AUTH_UNAVAILABLE: { status: 503, message: 'Sign-in cannot be checked right now; try again shortly.' },
  DATABASE_UNAVAILABLE: { status: 503, message: 'The database is not reachable right now; try again shortly.' },
  NOT_READY: { status: 503, message: 'A dependency is not reachable.' },
  EVENT_STREAMS_FULL: { status: 503, message: 'This server holds as many live-update streams as it can; try again shortly.' },
} as const satisfies Record<string, { status: ContentfulStatusCode; message: string }>

export type ErrorCode = keyof typeof ERROR_CODES
