import type { AsyncLocalStorage } from 'node:async_hooks'

// The store lives in the web server (server/response-status.ts); pages reach it by its global symbol.
const KEY = Symbol.for('tasklane.response-status')

/** Asks the web server to answer this page with `status` (and headers), e.g. 503 when auth is down. */
export function setResponseStatus(status: number, headers: Record<string, string> = {}): void {
  const storage = (globalThis as { [KEY]?: AsyncLocalStorage<{ status?: number; headers?: Record<string, string> }> })[KEY]
  const store = storage?.getStore()
  if (!store) return
  store.status = status
  store.headers = headers
}
