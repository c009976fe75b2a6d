import type { RequestTarget } from './measure.ts'
import { BENCH_ORIGIN, type BenchUser } from './seed.ts'
import type { Stack } from './stack.ts'

export const SCENARIOS = [
  'get-session/bare',
  'get-session/bare-garbage-cookie',
  'get-session/stock',
  'get-session/tasklane',
  'api/list',
  'api/create',
  'api/toggle',
  'api/garbage-cookie',
  'api/no-cookie',
  'web/list',
] as const

export type ScenarioName = (typeof SCENARIOS)[number]

export interface StackUsers {
  /** Exactly 50 tasks: the list scenarios read one full page. */
  reader: BenchUser
  /** Creates and toggles; `toggleIds` are its tasks, toggled at random so no single row is a hot spot. */
  writer: BenchUser
  toggleIds: string[]
}

/**
 * A cookie with the right name and the right shape (32-character token, 44-character base64 HMAC) that no
 * auth ever signed: the worst case for a garbage cookie, since Better Auth computes the HMAC to reject it.
 */
export const GARBAGE_COOKIE = `better-auth.session_token=${'g'.repeat(32)}.${encodeURIComponent(Buffer.alloc(32, 7).toString('base64'))}`

/** What each scenario sends, for one stack; `undefined` when the stack cannot run it (no web app). */
export function scenarioTarget(name: ScenarioName, stack: Stack, { reader, writer, toggleIds }: StackUsers): RequestTarget | undefined {
  const readerList = `/api/${reader.userId}/tasks`
  const write = { origin: BENCH_ORIGIN, cookie: writer.cookie }
  switch (name) {
    case 'get-session/bare':
      return { url: `${stack.bare.url}/api/auth/get-session`, headers: { cookie: reader.cookie }, expectedStatus: 200 }
    case 'get-session/bare-garbage-cookie':
      // 200 with a `null` body, the way get-session refuses; after the HMAC check, no SQL.
      return { url: `${stack.bare.url}/api/auth/get-session`, headers: { cookie: GARBAGE_COOKIE }, expectedStatus: 200 }
    case 'get-session/stock':
      return { url: `${stack.stock.url}/api/auth/get-session`, headers: { cookie: reader.cookie }, expectedStatus: 200 }
    case 'get-session/tasklane':
      return { url: `${stack.auth.url}/api/auth/get-session`, headers: { cookie: reader.cookie }, expectedStatus: 200 }
    case 'api/list':
      return { url: `${stack.api.url}${readerList}`, headers: { cookie: reader.cookie }, expectedStatus: 200 }
    case 'api/create':
      return {
        url: `${stack.api.url}/api/${writer.userId}/tasks`,
        method: 'POST',
        headers: { ...write, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Benchmark task', description: 'Created under load' }),
        expectedStatus: 201,
      }
    case 'api/toggle':
      return {
        url: stack.api.url,
        method: 'PATCH',
        headers: write,
        paths: toggleIds.map((id) => `/api/${writer.userId}/tasks/${id}/complete`),
        expectedStatus: 200,
      }
    case 'api/garbage-cookie':
      return { url: `${stack.api.url}${readerList}`, headers: { cookie: GARBAGE_COOKIE }, expectedStatus: 401 }
    case 'api/no-cookie':
      return { url: `${stack.api.url}${readerList}`, expectedStatus: 401 }
    case 'web/list':
      return stack.web ? { url: `${stack.web.url}${readerList}`, headers: { cookie: reader.cookie }, expectedStatus: 200 } : undefined
  }
}
