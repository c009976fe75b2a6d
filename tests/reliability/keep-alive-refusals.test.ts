import { Readable } from 'node:stream'
import { type Dispatcher, Pool } from 'undici'
import { describe, expect, it } from 'vitest'
import { TRUSTED_ORIGIN, useSignedInStack } from '../support/test-stack.ts'

/**
 * A refusal that leaves the request body unread must not break the client's next request on that connection. A
 * keep-alive client (undici, like Node's fetch) reuses the socket; @hono/node-server used to answer such refusals
 * with `Connection: keep-alive` and then destroy the socket 500 ms later, still holding the unread body, and the
 * next request failed with UND_ERR_SOCKET. `listen()` in @tasklane/http/serve-app now answers `Connection: close`
 * for any body left unread, and the client opens a new connection. Each case: one client limited to one
 * connection, the refusal, then three requests that must all succeed.
 */
const stack = useSignedInStack()

const MEGABYTE = 1024 * 1024

/** A JSON-looking body of `bytes` bytes, sent chunked (no Content-Length) when `chunked`. */
function bigBody(size: number, { chunked = false } = {}): string | Readable {
  const text = JSON.stringify({ title: 'huge', description: 'x'.repeat(size - 40) }).padEnd(size, ' ')
  if (!chunked) return text
  const bytes = Buffer.from(text)
  return Readable.from((function* () {
    for (let offset = 0; offset < bytes.length; offset += 16_384) yield bytes.subarray(offset, offset + 16_384)
  })())
}

interface Refusal {
  request: () => Dispatcher.RequestOptions
  status: number
  code: string
}

async function refusalThenThreeRequests(origin: string, refusal: Refusal, next: () => Dispatcher.RequestOptions[]) {
  const client = new Pool(origin, { connections: 1 })
  try {
    const refused = await client.request(refusal.request())
    const body = (await refused.body.json()) as { error_code: string; request_id: string }
    expect(refused.statusCode).toBe(refusal.status)
    expect(body).toMatchObject({ error_code: refusal.code, request_id: refused.headers['x-request-id'] })
    const statuses: number[] = []
    for (const request of next()) {
      const response = await client.request(request)
      await response.body.dump()
      statuses.push(response.statusCode)
    }
    expect(statuses.every((status) => status >= 200 && status < 300), String(statuses)).toBe(true)
    expect(statuses).toHaveLength(3)
    return refused
  } finally {
    await client.close()
  }
}

describe('a refused request body does not break the next request on the same connection', () => {
  const tasks = () => `/api/${stack.user.userId}/tasks`
  const apiWrite = (contentType: string, body: string | Readable): Dispatcher.RequestOptions => ({
    method: 'POST',
    path: tasks(),
    headers: { cookie: stack.user.cookie, origin: TRUSTED_ORIGIN, 'content-type': contentType },
    body,
  })
  const apiFollowUps = (): Dispatcher.RequestOptions[] => [
    apiWrite('application/json', JSON.stringify({ title: 'after a refusal' })),
    { method: 'GET', path: tasks(), headers: { cookie: stack.user.cookie } },
    { method: 'GET', path: `${tasks()}/counts`, headers: { cookie: stack.user.cookie } },
  ]
  const authFollowUps = (): Dispatcher.RequestOptions[] => [
    { method: 'GET', path: '/api/auth/get-session', headers: { cookie: stack.user.cookie } },
    { method: 'GET', path: '/health' },
    { method: 'GET', path: '/api/auth/get-session', headers: { cookie: stack.user.cookie } },
  ]

  it('api: 413 for a 1 MB body with Content-Length, answered with Connection: close', async () => {
    const refused = await refusalThenThreeRequests(stack.api.url, { request: () => apiWrite('application/json', bigBody(MEGABYTE)), status: 413, code: 'PAYLOAD_TOO_LARGE' }, apiFollowUps)
    expect(refused.headers.connection).toBe('close')
  })

  it('api: 413 for a 1 MB chunked body', async () => {
    const request = () => apiWrite('application/json', bigBody(MEGABYTE, { chunked: true }))
    await refusalThenThreeRequests(stack.api.url, { request, status: 413, code: 'PAYLOAD_TOO_LARGE' }, apiFollowUps)
  })

  it('api: 415 for a body that is not JSON', async () => {
    const request = () => apiWrite('text/plain', 'x'.repeat(15_000))
    await refusalThenThreeRequests(stack.api.url, { request, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }, apiFollowUps)
  })

  it('api: 401 for a write with a body and no session', async () => {
    const request = () => ({ ...apiWrite('application/json', JSON.stringify({ title: 'x'.repeat(200) })), headers: { origin: TRUSTED_ORIGIN, 'content-type': 'application/json' } })
    await refusalThenThreeRequests(stack.api.url, { request, status: 401, code: 'UNAUTHENTICATED' }, apiFollowUps)
  })

  it('auth: 413 for a 1 MB sign-up body, answered with Connection: close', async () => {
    const request = () => ({ method: 'POST' as const, path: '/api/auth/sign-up/email', headers: { origin: TRUSTED_ORIGIN, 'content-type': 'application/json' }, body: bigBody(MEGABYTE) })
    const refused = await refusalThenThreeRequests(stack.auth.url, { request, status: 413, code: 'PAYLOAD_TOO_LARGE' }, authFollowUps)
    expect(refused.headers.connection).toBe('close')
  })

  it('auth: 403 CSRF_REJECTED for a write with a body from a foreign origin', async () => {
    const body = JSON.stringify({ email: 'csrf@example.com', password: 'x'.repeat(12_000), name: 'Csrf' })
    const request = () => ({ method: 'POST' as const, path: '/api/auth/sign-up/email', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body })
    await refusalThenThreeRequests(stack.auth.url, { request, status: 403, code: 'CSRF_REJECTED' }, authFollowUps)
  })

  it('keeps the connection alive when the body was read: a 422 is answered keep-alive', async () => {
    const client = new Pool(stack.api.url, { connections: 1 })
    try {
      const refused = await client.request(apiWrite('application/json', JSON.stringify({ title: '' })))
      await refused.body.dump()
      expect(refused.statusCode).toBe(422)
      expect(refused.headers.connection).toBe('keep-alive')
    } finally {
      await client.close()
    }
  })
})
