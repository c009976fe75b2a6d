/** The one error shape every Tasklane service answers with. */
export interface ErrorBody {
  error_code: string
  message: string
  detail: unknown
}

export function errorBody(error_code: string, message: string, detail: unknown = null): ErrorBody {
  return { error_code, message, detail }
}
