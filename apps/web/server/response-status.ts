import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * The App Router has no way for a page to choose its HTTP status beyond 404 and redirects. The "service
 * unavailable" page must answer 503, so the web server runs each page request inside this store and applies
 * the status a page asked for when the response head is written. Shared through a global symbol because
 * Next bundles the pages apart from this server's modules.
 */
export interface ResponseStatusStore {
  status?: number
  headers?: Record<string, string>
}

export const RESPONSE_STATUS_KEY = Symbol.for('tasklane.response-status')

export function responseStatusStorage(): AsyncLocalStorage<ResponseStatusStore> {
  const holder = globalThis as { [RESPONSE_STATUS_KEY]?: AsyncLocalStorage<ResponseStatusStore> }
  holder[RESPONSE_STATUS_KEY] ??= new AsyncLocalStorage<ResponseStatusStore>()
  return holder[RESPONSE_STATUS_KEY]
}
