import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts'
import { type ChildService, type RunningService, TRUSTED_ORIGIN, apiCall, freePort, sessionCookie, signUp, spawnService, startApi, startAuth } from '../support/test-stack.ts'
import { linkTo, waitForMail } from '../support/outbox.ts'
import { noteSecrets } from '../support/service-logs.ts'

/**
 * The web origin as it runs: `next start` on the production build, forwarding `/api/auth/*` to auth and the tasks
 * and lists routes to the api from its route handlers. What the forwarding function does on its own is in
 * apps/web/lib/forward-request.server.test.ts; here, what only the real server shows.
 */
let auth: RunningService
let api: RunningService
let web: ChildService
const started: ChildService[] = []

beforeAll(async () => {
  ensureWebBuild()
  auth = await startAuth()
  api = await startApi(auth.url)
  web = await spawnService('web', { AUTH_URL: auth.url, API_URL: api.url })
}, 300_000)
afterAll(async () => {
  for (const service of [web, ...started]) await service?.close()
  await api?.close()
  await auth?.close()
})

/** Signs a user up through the web origin, as the browser does, with whatever headers the client adds. */
async function signUpThroughWeb(headers: Record<string, string> = {}) {
  const email = `web-${crypto.randomUUID()}@example.com`
  const password = `pw-${crypto.randomUUID()}`
  noteSecrets(password)
  const response = await fetch(`${web.url}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, ...headers },
    body: JSON.stringify({ email, password, name: 'Web User' }),
  })
  expect(response.status).toBe(200)
  const body = (await response.json()) as { user: { id: string } }
  return { email, userId: body.user.id, cookie: sessionCookie(response) }
}

describe('the web origin under next start', () => {
  it.each(['/sign-in', '/dashboard', '/settings', '/no-such-page', '/health', '/api/auth/get-session', '/api/nobody/tasks', '/api/nobody/lists', '/api/nobody/export'])('sends the security headers on %s', async (path) => {
    const response = await fetch(`${web.url}${path}`, { redirect: 'manual' })
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(response.headers.get('permissions-policy')).toContain('camera=()')
    expect(response.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains')
  })

  it.each(['/sign-in', '/sign-up', '/forgot-password', '/reset-password', '/dev/outbox', '/no-such-page'])('gives %s a script policy with a nonce of its own, on every script of the page', async (path) => {
    const nonces = new Set<string>()
    for (let load = 0; load < 3; load++) {
      const response = await fetch(`${web.url}${path}`)
      const policy = response.headers.get('content-security-policy') ?? ''
      const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(policy)?.[1]
      expect(nonce, policy).toBeDefined()
      expect(policy).not.toContain('unsafe-inline')
      expect(policy).not.toContain('unsafe-eval')
      nonces.add(nonce ?? '')
      const scripts = [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag)
      expect(scripts.length).toBeGreaterThan(0)
      for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`)
    }
    expect(nonces.size).toBe(3)
  })

  it('answers only the auth endpoints the product uses: verify-password is a 404 of its own', async () => {
    const response = await fetch(`${web.url}/api/auth/verify-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN },
      body: JSON.stringify({ password: 'anything-at-all' }),
    })
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error_code: 'NOT_FOUND', detail: { path: '/api/auth/verify-password' } })
  })

  it('answers /health with {"status":"ok"}', async () => {
    const response = await fetch(`${web.url}/health`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })
  })

  it.each(['6.6.6.6', '6.6.6.6, 7.7.7.7'])("never lets a client's own X-Forwarded-For (%s) reach auth: auth sees the connection's address", async (forged) => {
    const user = await signUpThroughWeb({ 'x-forwarded-for': forged })
    // Better Auth keeps the address it saw with the session.
    const response = await fetch(`${web.url}/api/auth/get-session`, { headers: { cookie: user.cookie, 'x-forwarded-for': forged } })
    const body = (await response.json()) as { session: { ipAddress: string } }
    expect(body.session.ipAddress).toMatch(/^(::ffff:)?127\.0\.0\.1$/)
  })

  it('believes the last X-Forwarded-For hop only from a proxy named in TRUSTED_PROXIES', async () => {
    const behindProxy = await spawnService('web', { AUTH_URL: auth.url, API_URL: api.url, TRUSTED_PROXIES: '127.0.0.1' })
    started.push(behindProxy)
    const response = await fetch(`${behindProxy.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, 'x-forwarded-for': '6.6.6.6, 203.0.113.9' },
      body: JSON.stringify({ email: `proxied-${crypto.randomUUID()}@example.com`, password: 'pw-behind-a-proxy', name: 'Proxied' }),
    })
    noteSecrets('pw-behind-a-proxy')
    const cookie = sessionCookie(response)
    const session = (await (await fetch(`${behindProxy.url}/api/auth/get-session`, { headers: { cookie } })).json()) as { session: { ipAddress: string } }
    expect(session.session.ipAddress).toBe('203.0.113.9')
  })

  it('forwards the email flows: a reset request, and a verification link with its redirect and new session cookie', async () => {
    const user = await signUpThroughWeb()
    const reset = await fetch(`${web.url}/api/auth/request-password-reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN },
      body: JSON.stringify({ email: user.email }),
    })
    expect(reset.status).toBe(200)
    const link = linkTo(await waitForMail(auth.url, user.email, 'Verify your email'), '/api/auth/verify-email')
    const followed = await fetch(`${web.url}${link.pathname}${link.search}`, { redirect: 'manual' })
    expect(followed.status).toBe(302)
    expect(followed.headers.get('location')).toBe('/dashboard?email-verified=1')
    expect(sessionCookie(followed)).toMatch(/^better-auth\.session_token=/)
  })

  it('shows the dev outbox at /dev/outbox, newest first, its links clickable; a 404 when auth runs in production', async () => {
    const user = await signUpThroughWeb()
    await waitForMail(auth.url, user.email, 'Verify your email')
    const page = await (await fetch(`${web.url}/dev/outbox`)).text()
    expect(page).toContain(user.email)
    expect(page).toMatch(new RegExp(`<a href="${TRUSTED_ORIGIN}/api/auth/verify-email\\?token=[^"]+"`))

    const productionAuth = await startAuth({ NODE_ENV: 'production', BETTER_AUTH_URL: TRUSTED_ORIGIN, SMTP_URL: 'smtp://127.0.0.1:9', MAIL_FROM: 'no-reply@example.com' })
    const productionWeb = await spawnService('web', { AUTH_URL: productionAuth.url, API_URL: api.url })
    try {
      expect((await fetch(`${productionWeb.url}/dev/outbox`)).status).toBe(404)
    } finally {
      await productionWeb.close()
      await productionAuth.close()
    }
  })

  it('passes every Set-Cookie through: sign-out clears three cookies', async () => {
    const user = await signUpThroughWeb()
    const response = await fetch(`${web.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, cookie: user.cookie },
      body: '{}',
    })
    expect(response.status).toBe(200)
    const cleared = response.headers.getSetCookie().filter((value) => /Max-Age=0/.test(value)).map((value) => value.split('=')[0])
    expect(cleared.sort()).toEqual(['better-auth.dont_remember', 'better-auth.session_data', 'better-auth.session_token'])
  })

  it('passes the request id on to auth and the api and back, and makes one when there is none', async () => {
    const user = await signUp(auth.url)
    for (const path of ['/api/auth/get-session', `/api/${user.userId}/tasks`, `/api/${user.userId}/lists`, `/api/${user.userId}/export`]) {
      const given = await fetch(`${web.url}${path}`, { headers: { cookie: user.cookie, 'x-request-id': 'trace-next-1' } })
      expect(given.status, path).toBe(200)
      expect(given.headers.get('x-request-id'), path).toBe('trace-next-1')
      const made = await fetch(`${web.url}${path}`, { headers: { cookie: user.cookie } })
      expect(made.headers.get('x-request-id'), path).toMatch(/^[0-9a-f-]{36}$/)
    }
  })

  it('forwards every lists route with its method, query and body, answering as the api does', async () => {
    const user = await signUp(auth.url)
    const viaWeb = apiCall(web.url, user.cookie)
    const lists = `/api/${user.userId}/lists`
    const created = await viaWeb('POST', lists, { name: 'Through the web' })
    expect(created.status).toBe(201)
    expect(created.headers.get('location')).toMatch(new RegExp(`^${lists}/[0-9a-f-]{36}$`))
    const list = (await created.json()) as { id: string }
    expect((await viaWeb('PATCH', `${lists}/${list.id}`, { name: 'Renamed' })).status).toBe(200)
    expect((await viaWeb('POST', `${lists}/${list.id}/move`, { before_id: null, after_id: null })).status).toBe(200)
    expect(await (await viaWeb('GET', `${lists}/${list.id}`)).json()).toMatchObject({ id: list.id, name: 'Renamed', counts: { all: 0, pending: 0 } })
    expect(await (await viaWeb('POST', lists, { name: 'renamed' })).json()).toMatchObject({ error_code: 'LIST_NAME_TAKEN' })
    expect((await viaWeb('DELETE', `${lists}/${list.id}`)).status).toBe(422)
    const deleted = await viaWeb('DELETE', `${lists}/${list.id}?tasks=inbox`)
    expect(await deleted.json()).toEqual({ moved_to_inbox: 0, deleted: 0 })
    expect(await (await viaWeb('GET', lists)).json()).toEqual({ inbox: { counts: { all: 0, pending: 0 } }, lists: [] })
    // The session and origin guards are the api's, answered the same way through the web origin.
    expect((await apiCall(web.url, undefined)('GET', lists)).status).toBe(401)
    expect((await viaWeb('POST', lists, { name: 'x' }, { origin: 'https://evil.example' })).status).toBe(403)
  })

  it('forwards "download my data" whole, as the attachment the api made it', async () => {
    const user = await signUp(auth.url)
    await apiCall(web.url, user.cookie)('POST', `/api/${user.userId}/tasks`, { title: 'exported through next' })
    const response = await fetch(`${web.url}/api/${user.userId}/export`, { headers: { cookie: user.cookie } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="tasklane-\d{4}-\d{2}-\d{2}\.json"$/)
    expect(((await response.json()) as { tasks: { title: string }[] }).tasks.map((task) => task.title)).toEqual(['exported through next'])
  })

  it('creates a task from a POST sent with Expect: 100-continue (the body follows the interim 100)', async () => {
    const user = await signUp(auth.url)
    const body = JSON.stringify({ title: 'sent with Expect' })
    const response = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const headers = { cookie: user.cookie, origin: TRUSTED_ORIGIN, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' }
      const sent = request(`${web.url}/api/${user.userId}/tasks`, { method: 'POST', headers }, (answer) => {
        let text = ''
        answer.on('data', (chunk: Buffer) => (text += chunk.toString()))
        answer.on('end', () => resolve({ status: answer.statusCode ?? 0, text }))
      })
      sent.on('continue', () => sent.end(body))
      sent.on('error', reject)
    })
    expect(response.status, response.text).toBe(201)
    expect(JSON.parse(response.text)).toMatchObject({ title: 'sent with Expect' })
  })

  it('passes bodies whole: an empty PATCH toggles, and 16 KiB bodies get the answers the api gives them directly', async () => {
    const user = await signUp(auth.url)
    const viaWeb = apiCall(web.url, user.cookie)
    const direct = apiCall(api.url, user.cookie)
    const created = (await (await viaWeb('POST', `/api/${user.userId}/tasks`, { title: 'toggle me' })).json()) as { id: string }
    const toggled = await viaWeb('PATCH', `/api/${user.userId}/tasks/${created.id}/complete`)
    expect(toggled.status).toBe(200)
    expect(await toggled.json()).toMatchObject({ completed: true })

    const path = `/api/${user.userId}/tasks/${created.id}`
    for (const size of [16 * 1024, 16 * 1024 + 1]) {
      const body = JSON.stringify({ title: 'big', description: 'd'.repeat(size - 32) })
      expect(body.length).toBe(size)
      const [throughWeb, toApi] = await Promise.all([viaWeb('PUT', path, body), direct('PUT', path, body)])
      expect(throughWeb.status, `${size} bytes`).toBe(toApi.status)
      const withoutId = async (response: Response) => ({ ...((await response.json()) as object), request_id: undefined })
      expect(await withoutId(throughWeb)).toEqual(await withoutId(toApi))
    }
  })
})

describe('the web origin with its backends down', () => {
  it('answers 503 in the error shape, with Retry-After, for auth and for the api', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`
    const down = await spawnService('web', { AUTH_URL: nowhere, API_URL: nowhere })
    started.push(down)
    for (const path of ['/api/auth/get-session', '/api/someone/tasks', '/api/someone/lists', '/api/someone/export']) {
      const response = await fetch(`${down.url}${path}`, { headers: { 'x-request-id': 'trace-down-1' } })
      expect(response.status, path).toBe(503)
      expect(response.headers.get('retry-after'), path).toBe('2')
      expect(await response.json()).toEqual({ error_code: 'SERVICE_UNAVAILABLE', message: expect.any(String), detail: null, request_id: 'trace-down-1' })
    }
  })

  it('does not start with an invalid AUTH_URL, and says which variable is wrong', async () => {
    await expect(spawnService('web', { AUTH_URL: 'auth-service', API_URL: api.url })).rejects.toThrow(/exited \(1\)[\s\S]*AUTH_URL/)
  })
})
