import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningService, apiCall, startApi } from '../support/test-stack.ts'

// A stand-in for an auth service that has gone wrong; the real one cannot be made to answer like this.
type Behaviour = (response: ServerResponse) => void
const behaviours: Record<string, Behaviour> = {
  '500': (res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"boom"}'),
  'an HTML page': (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Bad gateway</body></html>'),
  'truncated JSON': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"session":{"id":"s1","userId":"u1"},"user":{"id":'),
  '{} without a user id': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
  'a session for nobody': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"session":{"id":"s1","userId":""},"user":{}}'),
  'a 429': (res) => res.writeHead(429, { 'content-type': 'application/json' }).end('{"message":"slow down"}'),
  'a slow drip': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    const timer = setInterval(() => res.write(' '), 200)
    res.on('close', () => clearInterval(timer))
  },
  '200 null': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('null'),
}

describe('auth answering garbage', () => {
  let current: Behaviour = behaviours['500'] as Behaviour
  let fakeAuth: Server
  let api: RunningService
  beforeAll(async () => {
    fakeAuth = createServer((_req, res) => current(res))
    await new Promise<void>((resolve) => fakeAuth.listen(0, '127.0.0.1', resolve))
    api = await startApi(`http://127.0.0.1:${(fakeAuth.address() as AddressInfo).port}`, { AUTH_TIMEOUT_MS: '1000' })
  })
  afterAll(async () => {
    await api?.close()
    fakeAuth?.closeAllConnections()
    await new Promise((resolve) => fakeAuth?.close(resolve))
  })

  it.each(Object.keys(behaviours).filter((name) => name !== '200 null'))('%s gives 503 with Retry-After, never a 200', async (name) => {
    current = behaviours[name] as Behaviour
    const started = performance.now()
    const response = await apiCall(api.url, 'better-auth.session_token=abc.def')('GET', '/api/u1/tasks')
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).not.toBeNull()
    expect(await response.json()).toMatchObject({ error_code: 'AUTH_UNAVAILABLE' })
    expect(performance.now() - started).toBeLessThan(3_000)
  })

  it('200 null gives 401', async () => {
    current = behaviours['200 null'] as Behaviour
    const response = await apiCall(api.url, 'better-auth.session_token=abc.def')('GET', '/api/u1/tasks')
    expect(response.status).toBe(401)
  })
})
