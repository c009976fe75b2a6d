import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../errors/app-error.ts'
import { AUTH_RETRY_AFTER_SECONDS, createSessionValidator, type SessionValidator } from './session-validator.ts'

const TIMEOUT_MS = 400
// Slack for timers and the event loop on a busy machine; the budget itself is TIMEOUT_MS.
const TIMEOUT_SLACK_MS = 500

const VALID_BODY = JSON.stringify({
  session: { id: 's1', userId: 'u1', token: 'opaque', expiresAt: '2030-01-01T00:00:00.000Z' },
  user: { id: 'u1', email: 'jane@example.com', name: 'Jane' },
})

interface FakeAuth {
  url: string
  /** Requests that reached the server, in order: what the validator sent. */
  requests: { method: string | undefined; url: string | undefined; headers: IncomingHttpHeaders }[]
}

type AuthBehaviour = (request: IncomingMessage, response: ServerResponse, requestNumber: number) => void

// Started servers and validators, torn down after each test even when it fails.
const servers: Server[] = []
const validators: SessionValidator[] = []
const timers: NodeJS.Timeout[] = []

afterEach(async () => {
  for (const timer of timers.splice(0)) clearInterval(timer)
  await Promise.all(validators.splice(0).map((validator) => validator.close()))
  await Promise.all(servers.splice(0).map(closeServer))
})

/** A real auth stand-in on 127.0.0.1 that answers each request the way `behaviour` says. */
async function startFakeAuth(behaviour: AuthBehaviour): Promise<FakeAuth> {
  const requests: FakeAuth['requests'] = []
  const server = createServer((request, response) => {
    requests.push({ method: request.method, url: request.url, headers: request.headers })
    behaviour(request, response, requests.length)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, requests }
}

function closeServer(server: Server): Promise<void> {
  // Hanging and dripping responses keep their sockets open; close them or `close` never calls back.
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

function validatorFor(authUrl: string): SessionValidator {
  const validator = createSessionValidator({ authUrl, timeoutMs: TIMEOUT_MS })
  validators.push(validator)
  return validator
}

function answer(status: number, body: string, headers: Record<string, string | string[]> = { 'content-type': 'application/json' }): AuthBehaviour {
  return (_request, response) => {
    response.writeHead(status, headers)
    response.end(body)
  }
}

async function expectAuthUnavailable(check: Promise<unknown>): Promise<AppError> {
  const error = await check.then(
    (result) => {
      throw new Error(`expected AUTH_UNAVAILABLE, got ${JSON.stringify(result)}`)
    },
    (rejection: unknown) => rejection,
  )
  expect(error).toBeInstanceOf(AppError)
  const appError = error as AppError
  expect(appError.code).toBe('AUTH_UNAVAILABLE')
  expect(appError.status).toBe(503)
  expect(appError.retryAfter).toBe(AUTH_RETRY_AFTER_SECONDS)
  return appError
}

async function elapsedMs(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}

describe('createSessionValidator: answers from auth', () => {
  it('returns no session when auth answers 200 null', async () => {
    const auth = await startFakeAuth(answer(200, 'null'))
    const check = await validatorFor(auth.url).validate({ cookie: 'better-auth.session_token=abc' })
    expect(check).toEqual({ session: null, setCookies: [] })
  })

  it('returns the user and session ids from a valid session body', async () => {
    const auth = await startFakeAuth(answer(200, VALID_BODY))
    const check = await validatorFor(auth.url).validate({ cookie: 'better-auth.session_token=abc' })
    expect(check).toEqual({ session: { userId: 'u1', sessionId: 's1' }, setCookies: [] })
  })

  it('returns the profile too when auth sends the user whole', async () => {
    const body = JSON.stringify({
      session: { id: 's1', userId: 'u1' },
      user: { id: 'u1', email: 'jane@example.com', name: 'Jane', emailVerified: true, createdAt: '2026-01-02T03:04:05.678Z' },
    })
    const auth = await startFakeAuth(answer(200, body))
    const check = await validatorFor(auth.url).validate({ cookie: 'better-auth.session_token=abc' })
    expect(check.session).toEqual({ userId: 'u1', sessionId: 's1', profile: { name: 'Jane', email: 'jane@example.com', emailVerified: true, createdAt: '2026-01-02T03:04:05.678Z' } })
  })

  it('asks GET /api/auth/get-session, forwarding the cookie header and the request id', async () => {
    const auth = await startFakeAuth(answer(200, 'null'))
    const cookie = 'better-auth.session_token=abc.def; theme=dark'
    await validatorFor(auth.url).validate({ cookie, requestId: 'req-123' })
    expect(auth.requests).toHaveLength(1)
    expect(auth.requests[0]).toMatchObject({
      method: 'GET',
      url: '/api/auth/get-session',
      headers: { cookie, 'x-request-id': 'req-123', accept: 'application/json' },
    })
  })

  it('sends no x-request-id when it has none', async () => {
    const auth = await startFakeAuth(answer(200, 'null'))
    await validatorFor(auth.url).validate({ cookie: 'better-auth.session_token=abc' })
    expect(auth.requests[0]?.headers).not.toHaveProperty('x-request-id')
  })

  it('returns a single Set-Cookie header from auth', async () => {
    const refresh = 'better-auth.session_token=new; Path=/; HttpOnly; SameSite=Lax'
    const auth = await startFakeAuth(answer(200, VALID_BODY, { 'content-type': 'application/json', 'set-cookie': refresh }))
    const check = await validatorFor(auth.url).validate({ cookie: 'better-auth.session_token=old' })
    expect(check.setCookies).toEqual([refresh])
  })

  it('returns every Set-Cookie header from auth, in order, also alongside a null session', async () => {
    const clearing = ['better-auth.session_token=; Max-Age=0; Path=/', 'better-auth.session_data=; Max-Age=0; Path=/']
    const auth = await startFakeAuth(answer(200, 'null', { 'content-type': 'application/json', 'set-cookie': clearing }))
    const check = await validatorFor(auth.url).validate({ cookie: 'better-auth.session_token=revoked' })
    expect(check).toEqual({ session: null, setCookies: clearing })
  })
})

describe('createSessionValidator: answers that cannot be trusted', () => {
  const html = { 'content-type': 'text/html' }
  const untrustworthy: [name: string, status: number, body: string, headers?: Record<string, string>][] = [
    ['a 500', 500, '{"message":"internal"}'],
    ['a 429', 429, '{"message":"slow down"}'],
    ['a 401', 401, 'null'],
    ['an HTML page', 200, '<!doctype html><title>502 Bad Gateway</title>', html],
    ['truncated JSON', 200, '{"session":{"id":"s1","userId":"u1"},"user":{"id":'],
    ['an empty body', 200, ''],
    ['an empty object', 200, '{}'],
    ['a session without a user', 200, JSON.stringify({ session: { id: 's1', userId: 'u1' } })],
    ['a session with an empty id', 200, JSON.stringify({ session: { id: '', userId: 'u1' }, user: { id: 'u1' } })],
    ['a session whose userId is not the user id', 200, JSON.stringify({ session: { id: 's1', userId: 'u2' }, user: { id: 'u1' } })],
    ['a JSON array', 200, '[]'],
  ]

  it.each(untrustworthy)('throws AUTH_UNAVAILABLE for %s', async (_name, status, body, headers) => {
    const auth = await startFakeAuth(answer(status, body, headers))
    await expectAuthUnavailable(validatorFor(auth.url).validate({ cookie: 'better-auth.session_token=abc' }))
  })

  it('throws AUTH_UNAVAILABLE when the connection drops halfway through the body', async () => {
    const auth = await startFakeAuth((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(VALID_BODY.length) })
      response.write(VALID_BODY.slice(0, 20))
      setTimeout(() => response.destroy(), 20)
    })
    await expectAuthUnavailable(validatorFor(auth.url).validate({ cookie: 'better-auth.session_token=abc' }))
  })
})

describe('createSessionValidator: slow or unreachable auth', () => {
  it('gives up on a server that accepts but never answers within the timeout, without retrying', async () => {
    const auth = await startFakeAuth(() => {
      // Never answers.
    })
    const validator = validatorFor(auth.url)
    const elapsed = await elapsedMs(() => expectAuthUnavailable(validator.validate({ cookie: 'better-auth.session_token=abc' })))
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50)
    expect(elapsed).toBeLessThan(TIMEOUT_MS + TIMEOUT_SLACK_MS)
    // A retry would only wait longer on a stuck auth; give one a chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(auth.requests).toHaveLength(1)
  })

  it('gives up on a server that sends headers and then drips the body forever', async () => {
    const auth = await startFakeAuth((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.write('{"session":')
      // Each byte arrives well within any per-chunk timeout, so only a whole-request budget stops this.
      timers.push(setInterval(() => response.write(' '), 50))
    })
    const validator = validatorFor(auth.url)
    const elapsed = await elapsedMs(() => expectAuthUnavailable(validator.validate({ cookie: 'better-auth.session_token=abc' })))
    expect(elapsed).toBeLessThan(TIMEOUT_MS + TIMEOUT_SLACK_MS)
  })

  it('throws AUTH_UNAVAILABLE quickly when nothing listens on the port', async () => {
    const auth = await startFakeAuth(answer(200, 'null'))
    const closed = servers.pop()
    if (!closed) throw new Error('no server to close')
    await closeServer(closed)
    const validator = validatorFor(auth.url)
    const elapsed = await elapsedMs(() => expectAuthUnavailable(validator.validate({ cookie: 'better-auth.session_token=abc' })))
    expect(elapsed).toBeLessThan(TIMEOUT_MS + TIMEOUT_SLACK_MS)
  })
})

describe('createSessionValidator: retries', () => {
  it('retries once when auth drops the connection without answering, and succeeds', async () => {
    const auth = await startFakeAuth((request, response, requestNumber) => {
      if (requestNumber === 1) {
        request.socket.destroy()
        return
      }
      answer(200, VALID_BODY)(request, response, requestNumber)
    })
    const check = await validatorFor(auth.url).validate({ cookie: 'better-auth.session_token=abc', requestId: 'req-retry' })
    expect(check.session).toEqual({ userId: 'u1', sessionId: 's1' })
    expect(auth.requests).toHaveLength(2)
    // The retry is the same request: it still carries the cookie and request id.
    expect(auth.requests[1]?.headers).toMatchObject({ cookie: 'better-auth.session_token=abc', 'x-request-id': 'req-retry' })
  })

  it('does not retry when auth answers with an error status', async () => {
    const auth = await startFakeAuth(answer(500, '{"message":"internal"}'))
    await expectAuthUnavailable(validatorFor(auth.url).validate({ cookie: 'better-auth.session_token=abc' }))
    expect(auth.requests).toHaveLength(1)
  })

  it('does not retry a 503 either, even with Retry-After', async () => {
    const auth = await startFakeAuth(answer(503, '', { 'retry-after': '0' }))
    await expectAuthUnavailable(validatorFor(auth.url).validate({ cookie: 'better-auth.session_token=abc' }))
    expect(auth.requests).toHaveLength(1)
  })
})
