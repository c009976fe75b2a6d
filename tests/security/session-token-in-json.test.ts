import { createLogger } from '@tasklane/logging'
import { listen } from '@tasklane/http/serve-app'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backendProxy } from '../../apps/web/server/backend-proxy.ts'
import { type RunningService, type TestUser, signIn, signUp, startApi, startAuth } from '../support/test-stack.ts'

/**
 * "The session token reaches the browser only in Set-Cookie, never in a JSON body" (issue 4). The browser reaches
 * auth through the web origin's `/api/auth/*` forwarder. Better Auth puts raw tokens in get-session's and
 * list-sessions' bodies (every session of the user, each with its `token`): a script on the page could read the tokens
 * of all of the user's devices, and HttpOnly would protect nothing. The forwarder removes them.
 */
let auth: RunningService
let api: RunningService
let web: { url: string; close(): Promise<void> }
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
  const logger = createLogger({ service: 'web', level: 'silent' })
  web = await listen({ app: backendProxy({ authUrl: auth.url, apiUrl: api.url, logger }), host: '127.0.0.1', port: 0, logger })
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
  it.each(['/api/auth/get-session', '/api/auth/get-session?disableRefresh=true', '/api/auth/list-sessions'])('GET %s through the web origin', async (path) => {
    const response = await fetch(`${web.url}${path}`, { headers: { cookie: user.cookie } })
    expect(response.status).toBe(200)
    const text = await response.text()
    for (const token of tokens) expect(text.includes(token), `${path} carries a session token`).toBe(false)
    expect(text).not.toMatch(/"token"/)
  })
})

describe('the web origin passes the request id on', () => {
  it.each(['/api/auth/get-session', '/api/auth/list-sessions', '/tasks'])('to auth or the api and back, for %s', async (path) => {
    const url = path === '/tasks' ? `${web.url}/api/${user.userId}/tasks` : `${web.url}${path}`
    const response = await fetch(url, { headers: { cookie: user.cookie, 'x-request-id': 'trace-web-1' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-request-id')).toBe('trace-web-1')
  })
})
