/** The one error shape every Tasklane service answers with. */
export interface ErrorBody {
  error_code: string
  message: string
  detail: unknown
  /** The answer's `X-Request-Id` (Hono's `requestId()`), so a user's report leads to the log lines of that request. */
  request_id: string
}

export function errorBody(requestId: string, error_code: string, message: string, detail: unknown = null): ErrorBody {
  return { error_code, message, detail, request_id: requestId }
}
