import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildService, type RunningService, type TestUser, apiCall, signUp, spawnService, startApi } from '../support/test-stack.ts'

let auth: ChildService
let api: RunningService
let user: TestUser

beforeAll(async () => {
  // Debug: auth logs its get-session answers at debug (the api logs the same request at info).
  auth = await spawnService('auth', { LOG_LEVEL: 'debug' })
  api = await startApi(auth.url, { AUTH_TIMEOUT_MS: '1500' })
  user = await signUp(auth.url)
})
afterAll(async () => {
  await api?.close()
  await auth?.close()
})

async function timed(request: () => Promise<Response>) {
  const started = performance.now()
  const response = await request()
  return { response, ms: performance.now() - started }
}

async function taskCount(): Promise<number> {
  const response = await apiCall(api.url, user.cookie)('GET', `/api/${user.userId}/tasks?limit=100`)
  return ((await response.json()) as { tasks: unknown[] }).tasks.length
}

describe('auth service down: the api fails closed with 503, and recovers by itself', () => {
  it('passes its request id on to auth', async () => {
    const response = await apiCall(api.url, user.cookie)('GET', `/api/${user.userId}/tasks`, undefined, { 'x-request-id': 'trace-outage-123' })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-request-id')).toBe('trace-outage-123')
    await expect.poll(() => auth.output()).toMatch(/"level":20,[^\n]*"reqId":"trace-outage-123"[^\n]*"path":"\/api\/auth\/get-session"/)
  })

  it('answers 503 with Retry-After in under 3 s while auth is frozen, writes nothing, then recovers', async () => {
    const before = await taskCount()
    auth.child.kill('SIGSTOP')
    try {
      const call = apiCall(api.url, user.cookie)
      for (const [method, body] of [['GET', undefined], ['POST', { title: 'must not be written' }]] as const) {
        const { response, ms } = await timed(() => call(method, `/api/${user.userId}/tasks`, body))
        expect(response.status).toBe(503)
        expect(response.headers.get('retry-after')).toMatch(/^\d+$/)
        expect(await response.json()).toMatchObject({ error_code: 'AUTH_UNAVAILABLE' })
        expect(ms).toBeLessThan(3_000)
      }
    } finally {
      auth.child.kill('SIGCONT')
    }
    expect((await apiCall(api.url, user.cookie)('GET', `/api/${user.userId}/tasks`)).status).toBe(200)
    expect(await taskCount()).toBe(before)
  })

  it('answers 503 at once while auth is killed, and works again when auth is back on its port', async () => {
    const port = auth.port
    await new Promise<void>((resolve) => {
      auth.child.once('exit', () => resolve())
      auth.child.kill('SIGKILL')
    })
    const { response, ms } = await timed(() => apiCall(api.url, user.cookie)('POST', `/api/${user.userId}/tasks`, { title: 'not while auth is down' }))
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).not.toBeNull()
    expect(ms).toBeLessThan(3_000)

    auth = await spawnService('auth', { AUTH_PORT: String(port) })
    const list = await apiCall(api.url, user.cookie)('GET', `/api/${user.userId}/tasks?limit=100`)
    expect(list.status).toBe(200)
    const titles = ((await list.json()) as { tasks: Array<{ title: string }> }).tasks.map((task) => task.title)
    expect(titles).not.toContain('not while auth is down')
  })
})
