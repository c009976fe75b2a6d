import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningService, TRUSTED_ORIGIN, randomIp, signIn, signOut, signUp, startAuth } from '../support/test-stack.ts'

let auth: RunningService
beforeAll(async () => {
  auth = await startAuth()
})
afterAll(async () => {
  await auth?.close()
})

const getSession = (cookie?: string) => fetch(`${auth.url}/api/auth/get-session`, { headers: cookie ? { cookie } : {} })

describe('auth service', () => {
  it('signs up with an HttpOnly, SameSite=Lax, Path=/ session cookie and no token in the body', async () => {
    const response = await fetch(`${auth.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, 'x-forwarded-for': randomIp() },
      body: JSON.stringify({ email: `new-${Date.now()}@example.com`, password: 'correct horse battery', name: 'New' }),
    })
    expect(response.status).toBe(200)
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith('better-auth.session_token='))
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).toMatch(/Path=\//)
    expect(cookie).toMatch(/Max-Age=604800/)
    const body = (await response.json()) as Record<string, unknown>
    expect(body).not.toHaveProperty('token')
    expect(body).toHaveProperty('user.id')
  })

  it('signs in, answers get-session with the user, and signs out', async () => {
    const user = await signUp(auth.url)
    const signedIn = await signIn(auth.url, user)
    expect(signedIn.status).toBe(200)
    expect(await signedIn.json()).not.toHaveProperty('token')
    const cookie = signedIn.headers.getSetCookie()[0]?.split(';')[0] ?? ''

    const session = await getSession(cookie)
    expect(session.status).toBe(200)
    expect(session.headers.get('cache-control')).toBe('no-store')
    expect(await session.json()).toMatchObject({ user: { id: user.userId, email: user.email } })

    expect((await signOut(auth.url, cookie)).status).toBe(200)
    const after = await getSession(cookie)
    expect(after.status).toBe(200)
    expect(await after.json()).toBeNull()
  })

  it('echoes the request id and varies by Origin on Better Auth’s own answers, with and without an Origin', async () => {
    for (const headers of [{}, { origin: TRUSTED_ORIGIN }] as Record<string, string>[]) {
      for (const path of ['/api/auth/get-session', '/api/auth/ok']) {
        const response = await fetch(`${auth.url}${path}`, { headers: { ...headers, 'x-request-id': 'trace-auth-1' } })
        expect(response.status, path).toBe(200)
        expect(response.headers.get('x-request-id'), path).toBe('trace-auth-1')
        expect(response.headers.get('vary'), path).toContain('Origin')
      }
    }
  })

  it('answers 200 null for a missing or garbage cookie', async () => {
    for (const cookie of [undefined, 'better-auth.session_token=garbage', 'better-auth.session_token=abc.def']) {
      const response = await getSession(cookie)
      expect(response.status).toBe(200)
      expect(await response.json()).toBeNull()
    }
  })

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const user = await signUp(auth.url)
    const wrongPassword = await signIn(auth.url, { email: user.email, password: 'not-the-password' })
    const unknownEmail = await signIn(auth.url, { email: `nobody-${Date.now()}@example.com`, password: 'whatever-password' })
    expect(wrongPassword.status).toBe(401)
    expect(unknownEmail.status).toBe(401)
    expect(await wrongPassword.json()).toEqual(await unknownEmail.json())
  })

  it('refuses a sign-in from a foreign origin', async () => {
    const user = await signUp(auth.url)
    const response = await fetch(`${auth.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    })
    expect(response.status).toBe(403)
  })

  it('rate-limits repeated sign-ins from one client IP with 429', async () => {
    const user = await signUp(auth.url)
    const ip = randomIp()
    const statuses: number[] = []
    for (let attempt = 0; attempt < 7; attempt++) {
      const response = await fetch(`${auth.url}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, 'x-forwarded-for': ip },
        body: JSON.stringify({ email: user.email, password: 'wrong-password' }),
      })
      statuses.push(response.status)
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
    expect(statuses.slice(5)).toEqual([429, 429])
  })

  it('allows CORS from the trusted origin with credentials, and from nobody else', async () => {
    const preflight = (origin: string) =>
      fetch(`${auth.url}/api/auth/sign-in/email`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      })
    const trusted = await preflight(TRUSTED_ORIGIN)
    expect(trusted.headers.get('access-control-allow-origin')).toBe(TRUSTED_ORIGIN)
    expect(trusted.headers.get('access-control-allow-credentials')).toBe('true')
    const foreign = await preflight('https://evil.example')
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('refuses bodies over 16 KiB with 413 in the error shape', async () => {
    const response = await fetch(`${auth.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN },
      body: JSON.stringify({ email: 'big@example.com', password: 'x'.repeat(20_000), name: 'Big' }),
    })
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({ error_code: 'PAYLOAD_TOO_LARGE' })
  })
})
