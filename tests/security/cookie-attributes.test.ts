import { setTimeout as sleep } from 'node:timers/promises'
import { Secret, TOTP } from 'otpauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { noteSecrets } from '../support/service-logs.ts'
import { type RunningService, TRUSTED_ORIGIN, apiCall, randomIp, signIn, signUp, startApi, startAuth } from '../support/test-stack.ts'

/**
 * CSRF and cookies (docs/security.md): the session cookie is HttpOnly, SameSite=Lax and Path=/ always, and
 * `Secure` with the `__Host-` prefix when the public origin is https (and only that name is accepted); the api accepts that cookie and refuses
 * writes from foreign or cross-site origins; no sign-up or sign-in JSON body carries the session token anywhere.
 * (auth-service.test.ts already checks the sign-up cookie's HttpOnly, SameSite and Path over http.)
 */

const HTTPS_ORIGIN = 'https://tasks.example.com'
const NAME = 'better-auth.session_token'
const SECURE_NAME = `__Host-${NAME}`

interface ParsedCookie {
  name: string
  value: string
  attributes: Map<string, string>
}

function parseSetCookie(header: string): ParsedCookie {
  const [pair = '', ...rest] = header.split(';')
  const equals = pair.indexOf('=')
  const attributes = new Map<string, string>()
  for (const attribute of rest) {
    const [key = '', ...value] = attribute.trim().split('=')
    attributes.set(key.toLowerCase(), value.join('='))
  }
  return { name: pair.slice(0, equals).trim(), value: pair.slice(equals + 1), attributes }
}

function sessionCookies(response: Response): ParsedCookie[] {
  return response.headers
    .getSetCookie()
    .map(parseSetCookie)
    .filter((cookie) => cookie.name === NAME || cookie.name === SECURE_NAME)
}

/** The raw session token inside a signed cookie value: what must never appear in a body. */
function tokenOf(cookie: ParsedCookie): string {
  const decoded = decodeURIComponent(cookie.value)
  return decoded.slice(0, decoded.lastIndexOf('.'))
}

/** Every path in `value` whose key mentions a token, or whose string value contains `token`. */
function tokenPaths(value: unknown, token: string, path = '$'): string[] {
  if (typeof value === 'string') return value.includes(token) ? [`${path} (the token value)`] : []
  if (Array.isArray(value)) return value.flatMap((item, index) => tokenPaths(item, token, `${path}[${index}]`))
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [...(/token/i.test(key) ? [`${path}.${key}`] : []), ...tokenPaths(item, token, `${path}.${key}`)])
  }
  return []
}

async function expectNoTokenInBody(response: Response, cookie: ParsedCookie) {
  const text = await response.text()
  const token = tokenOf(cookie)
  expect(token.length).toBeGreaterThanOrEqual(20)
  expect(tokenPaths(JSON.parse(text), token)).toEqual([])
  expect(text.includes(token)).toBe(false)
  expect(text.includes(cookie.value)).toBe(false)
}

function expectSessionAttributes(cookie: ParsedCookie | undefined, { secure }: { secure: boolean }) {
  expect(cookie).toBeDefined()
  const attributes = cookie?.attributes ?? new Map<string, string>()
  expect(attributes.has('httponly')).toBe(true)
  expect(attributes.get('samesite')?.toLowerCase()).toBe('lax')
  expect(attributes.get('path')).toBe('/')
  expect(attributes.has('secure')).toBe(secure)
  // Host-only: no Domain, so a sibling subdomain never receives it.
  expect(attributes.has('domain')).toBe(false)
}

const running: RunningService[] = []
afterAll(async () => {
  for (const service of running.reverse()) await service.close()
})

describe('over http', () => {
  let auth: RunningService
  let api: RunningService
  beforeAll(async () => {
    auth = await startAuth({ SESSION_UPDATE_AGE: '1', SESSION_EXPIRES_IN: '60' })
    api = await startApi(auth.url)
    running.push(auth, api)
  })

  it('sets no Secure flag on the sign-up cookie, and every Better Auth cookie is HttpOnly', async () => {
    const response = await fetch(`${auth.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, 'x-forwarded-for': randomIp() },
      body: JSON.stringify({ email: `plain-${randomIp()}@example.com`, password: 'correct horse battery', name: 'Plain' }),
    })
    expect(response.status).toBe(200)
    const cookies = sessionCookies(response)
    expect(cookies.map((cookie) => cookie.name)).toEqual([NAME])
    expectSessionAttributes(cookies[0], { secure: false })
    for (const cookie of response.headers.getSetCookie().map(parseSetCookie)) expect(cookie.attributes.has('httponly'), cookie.name).toBe(true)
    await expectNoTokenInBody(response, cookies[0] as ParsedCookie)
  })

  it('sets the same attributes on the sign-in cookie, with no token anywhere in the body', async () => {
    const user = await signUp(auth.url)
    const response = await signIn(auth.url, user)
    expect(response.status).toBe(200)
    const cookies = sessionCookies(response)
    expect(cookies.map((cookie) => cookie.name)).toEqual([NAME])
    expectSessionAttributes(cookies[0], { secure: false })
    await expectNoTokenInBody(response, cookies[0] as ParsedCookie)
  })

  it('keeps the attributes on the sliding-refresh cookie the api relays', async () => {
    const user = await signUp(auth.url)
    await sleep(1_200)
    const response = await apiCall(api.url, user.cookie)('GET', `/api/${user.userId}/tasks`)
    expect(response.status).toBe(200)
    const refresh = sessionCookies(response)
    expect(refresh.map((cookie) => cookie.name)).toEqual([NAME])
    expectSessionAttributes(refresh[0], { secure: false })
  })
})

describe('behind https (BETTER_AUTH_URL and TRUSTED_ORIGINS https://tasks.example.com)', () => {
  let auth: RunningService
  let api: RunningService
  let userId: string
  let cookie: ParsedCookie
  let secureCookie: string

  const signUpOverHttps = () =>
    fetch(`${auth.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: HTTPS_ORIGIN, 'x-forwarded-for': randomIp() },
      body: JSON.stringify({ email: `secure-${randomIp()}-${Date.now()}@example.com`, password: 'correct horse battery', name: 'Secure' }),
    })

  beforeAll(async () => {
    auth = await startAuth({ BETTER_AUTH_URL: HTTPS_ORIGIN, TRUSTED_ORIGINS: HTTPS_ORIGIN })
    api = await startApi(auth.url, { TRUSTED_ORIGINS: HTTPS_ORIGIN })
    running.push(auth, api)
    const response = await signUpOverHttps()
    expect(response.status).toBe(200)
    const cookies = sessionCookies(response)
    cookie = cookies[0] as ParsedCookie
    secureCookie = `${cookie.name}=${cookie.value}`
    userId = ((await response.clone().json()) as { user: { id: string } }).user.id
    await expectNoTokenInBody(response, cookie)
  })

  it('names the sign-up cookie __Host-better-auth.session_token and marks it Secure, HttpOnly, SameSite=Lax, Path=/, no Domain', () => {
    expect(cookie.name).toBe(SECURE_NAME)
    expectSessionAttributes(cookie, { secure: true })
  })

  it('does the same on sign-in, with no token anywhere in the body', async () => {
    const email = `secure-signin-${Date.now()}@example.com`
    const signedUp = await fetch(`${auth.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: HTTPS_ORIGIN, 'x-forwarded-for': randomIp() },
      body: JSON.stringify({ email, password: 'correct horse battery', name: 'Secure' }),
    })
    expect(signedUp.status).toBe(200)
    const response = await fetch(`${auth.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: HTTPS_ORIGIN, 'x-forwarded-for': randomIp() },
      body: JSON.stringify({ email, password: 'correct horse battery' }),
    })
    expect(response.status).toBe(200)
    const cookies = sessionCookies(response)
    expect(cookies.map(({ name }) => name)).toEqual([SECURE_NAME])
    expectSessionAttributes(cookies[0], { secure: true })
    await expectNoTokenInBody(response, cookies[0] as ParsedCookie)
  })

  it('accepts the __Host- cookie at the api, and writes from the trusted origin', async () => {
    const call = apiCall(api.url, secureCookie)
    const list = await call('GET', `/api/${userId}/tasks`)
    expect(list.status).toBe(200)
    expect(await list.json()).toEqual({ tasks: [], next_cursor: null })
    const created = await call('POST', `/api/${userId}/tasks`, { title: 'from the trusted origin' }, { origin: HTTPS_ORIGIN })
    expect(created.status).toBe(201)
  })

  it.each([NAME, `__Secure-${NAME}`])('does not accept the same value under the name %s (auth reads only the __Host- cookie)', async (name) => {
    const response = await apiCall(api.url, `${name}=${cookie.value}`)('GET', `/api/${userId}/tasks`)
    expect(response.status).toBe(401)
    const session = await fetch(`${auth.url}/api/auth/get-session`, { headers: { cookie: `${name}=${cookie.value}` } })
    expect(await session.json()).toBeNull()
  })

  it('clears every cookie on sign-out under its __Host- name, with the attributes the browser needs to accept the clearing', async () => {
    const signedUp = await signUpOverHttps()
    const own = sessionCookies(signedUp)[0] as ParsedCookie
    const response = await fetch(`${auth.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: HTTPS_ORIGIN, cookie: `${own.name}=${own.value}` },
      body: '{}',
    })
    expect(response.status).toBe(200)
    const cleared = response.headers.getSetCookie().map(parseSetCookie)
    expect(cleared.map(({ name }) => name).sort()).toEqual(['dont_remember', 'session_data', 'session_token'].map((key) => `__Host-better-auth.${key}`))
    for (const clearing of cleared) {
      expect(clearing.attributes.get('max-age'), clearing.name).toBe('0')
      expect(clearing.attributes.has('secure'), clearing.name).toBe(true)
      expect(clearing.attributes.get('path'), clearing.name).toBe('/')
      expect(clearing.attributes.has('domain'), clearing.name).toBe(false)
    }
  })

  it("gives the passkey challenge and the pending two-factor sign-in __Host- names too, Secure and HttpOnly", async () => {
    const options = await fetch(`${auth.url}/api/auth/passkey/generate-register-options`, { headers: { cookie: secureCookie } })
    expect(options.status).toBe(200)
    const email = `secure-2fa-${Date.now()}@example.com`
    const password = 'correct horse battery'
    const signedUp = await fetch(`${auth.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: HTTPS_ORIGIN, 'x-forwarded-for': randomIp() },
      body: JSON.stringify({ email, password, name: 'Secure' }),
    })
    const own = sessionCookies(signedUp)[0] as ParsedCookie
    const enable = (path: string, body: unknown) =>
      fetch(`${auth.url}/api/auth/two-factor/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: HTTPS_ORIGIN, cookie: `${own.name}=${own.value}`, 'x-forwarded-for': randomIp() },
        body: JSON.stringify(body),
      })
    const { totpURI } = (await (await enable('enable', { password })).json()) as { totpURI: string }
    const secret = new URL(totpURI).searchParams.get('secret') ?? ''
    noteSecrets(secret, totpURI)
    expect((await enable('verify-totp', { code: new TOTP({ secret: Secret.fromBase32(secret) }).generate() })).status).toBe(200)
    const pending = await fetch(`${auth.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: HTTPS_ORIGIN, 'x-forwarded-for': randomIp() },
      body: JSON.stringify({ email, password }),
    })
    expect(await pending.json()).toMatchObject({ twoFactorRedirect: true })
    const set = [...options.headers.getSetCookie(), ...pending.headers.getSetCookie()].map(parseSetCookie).filter((cookie) => cookie.attributes.get('max-age') !== '0')
    expect(set.map(({ name }) => name).sort()).toEqual(['__Host-better-auth.better-auth-passkey', '__Host-better-auth.two_factor'])
    for (const cookie of set) {
      expect(cookie.attributes.has('secure'), cookie.name).toBe(true)
      expect(cookie.attributes.has('httponly'), cookie.name).toBe(true)
      expect(cookie.attributes.get('path'), cookie.name).toBe('/')
      expect(cookie.attributes.has('domain'), cookie.name).toBe(false)
    }
  })

  it('refuses writes from a foreign Origin, and from no Origin with Sec-Fetch-Site: cross-site, with 403 CSRF_REJECTED', async () => {
    const call = apiCall(api.url, secureCookie)
    const before = (await (await call('GET', `/api/${userId}/tasks`)).json()) as { tasks: { id: string }[] }
    const created = before.tasks[0]?.id ?? ''
    expect(created).not.toBe('')
    const writes: Array<[string, string, unknown]> = [
      ['POST', `/api/${userId}/tasks`, { title: 'csrf' }],
      ['PUT', `/api/${userId}/tasks/${created}`, { title: 'csrf' }],
      ['PATCH', `/api/${userId}/tasks/${created}/complete`, undefined],
      ['DELETE', `/api/${userId}/tasks/${created}`, undefined],
    ]
    const foreignOrigins = ['https://evil.example', 'http://tasks.example.com', 'https://tasks.example.com.evil.example', 'https://evil.tasks.example.com', 'https://tasks.example.com:8443', 'null', 'http://localhost:3000']
    let refused = 0
    for (const [method, path, body] of writes) {
      for (const origin of foreignOrigins) {
        const response = await call(method, path, body, { origin })
        expect(response.status, `${method} from ${origin}`).toBe(403)
        expect(await response.json()).toMatchObject({ error_code: 'CSRF_REJECTED' })
        refused++
      }
      // No Origin at all (apiCall adds one for writes; send by hand), but the browser says cross-site.
      const crossSite = await fetch(`${api.url}${path}`, {
        method,
        headers: { cookie: secureCookie, 'sec-fetch-site': 'cross-site', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      expect(crossSite.status, `${method} cross-site without Origin`).toBe(403)
      expect(await crossSite.json()).toMatchObject({ error_code: 'CSRF_REJECTED' })
      refused++
    }
    expect(refused).toBe(writes.length * (foreignOrigins.length + 1))
    expect(await (await call('GET', `/api/${userId}/tasks`)).json()).toEqual(before)
  })
})
