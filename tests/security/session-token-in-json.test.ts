import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningService, type TestUser, signIn, signUp, startApi, startAuth, startWebForwarder } from '../support/test-stack.ts'

/**
 * "The session token reaches the browser only in Set-Cookie, never in a JSON body" (docs/security.md). The browser reaches
 * auth through the web origin's `/api/auth/*` forwarder. Better Auth puts raw tokens in get-session's and
 * list-sessions' bodies (every session of the user, each with its `token`): a script on the page could read the tokens
 * of all of the user's devices, and HttpOnly would protect nothing. The forwarder removes them (list-sessions is not
 * reachable from the browser: tests/security/auth-allowlist.test.ts). The settings page lists sessions with
 * list-own-sessions, which carries no token in the first place (apps/auth/src/own-sessions.ts); change-password's
 * answer (a new token when other sessions are signed out) is checked in tests/integration/account-settings.test.ts.
 */
let auth: RunningService
let api: RunningService
let web: RunningService
let user: TestUser
/** Raw tokens of the user's two sessions. */
const tokens: string[] = []

function rawToken(cookie: string): string {
  const decoded = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1))
  return decoded.slice(0, decoded.lastIndexOf('.'))
}

beforeAll(async () => {
  auth = await startAuth()
  api = await startApi(auth.url)
  web = await startWebForwarder(auth.url, api.url)
  user = await signUp(auth.url)
  const second = await signIn(auth.url, user)
  tokens.push(rawToken(user.cookie), rawToken(second.headers.getSetCookie()[0]?.split(';')[0] ?? ''))
})
afterAll(async () => {
  await web?.close()
  await api?.close()
  await auth?.close()
})

describe('no JSON body the browser can reach carries a session token', () => {
  it.each(['/api/auth/get-session', '/api/auth/get-session?disableRefresh=true', '/api/auth/list-own-sessions'])('GET %s through the web origin', async (path) => {
    const response = await fetch(`${web.url}${path}`, { headers: { cookie: user.cookie } })
    expect(response.status).toBe(200)
    const text = await response.text()
    for (const token of tokens) expect(text.includes(token), `${path} carries a session token`).toBe(false)
    expect(text).not.toMatch(/"token"/)
  })
})

describe('the web origin passes the request id on', () => {
  it.each(['/api/auth/get-session', '/tasks'])('to auth or the api and back, for %s', async (path) => {
    const url = path === '/tasks' ? `${web.url}/api/${user.userId}/tasks` : `${web.url}${path}`
    const response = await fetch(url, { headers: { cookie: user.cookie, 'x-request-id': 'trace-web-1' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-request-id')).toBe('trace-web-1')
  })
})
