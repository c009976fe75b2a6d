import type { Env } from '@tasklane/config/load'
import { afterAll, describe, expect, it } from 'vitest'
import { createStockAuth } from '@tasklane/test-kit/stock-auth'
import { serviceLogger } from '../support/service-logs.ts'
import {
  authTestConfig,
  type RunningService,
  serveInProcess,
  sessionCookie,
  signOut,
  signUp,
  startAuth,
  type TestUser,
  TRUSTED_ORIGIN,
} from '../support/test-stack.ts'

/**
 * The api's session check is only worth its speed (bench/README.md) if the validation path the api calls answers exactly as stock
 * Better Auth does. Each case sends the same cookie to auth's in-process get-session route ("tasklane") and
 * to Better Auth's generic `auth.handler` ("stock", packages/test-kit/src/stock-auth.ts), both built from one configuration
 * on one database, and compares status, parsed JSON body and every Set-Cookie (name, value, attributes).
 */

const running: RunningService[] = []
afterAll(async () => {
  for (const service of running.reverse()) await service.close()
})

/** Stock Better Auth in this process, with exactly the configuration `startAuth` builds from the same env. */
async function startStock(env: Env): Promise<RunningService> {
  const config = authTestConfig(env)
  const logger = serviceLogger('stock-auth')
  return serveInProcess(createStockAuth(config, logger), config.host, config.port, logger)
}

interface Pair {
  tasklane: RunningService
  stock: RunningService
}

async function startPair(env: Env = {}): Promise<Pair> {
  const [tasklane, stock] = await Promise.all([startAuth(env), startStock(env)])
  running.push(tasklane, stock)
  return { tasklane, stock }
}

interface ParsedCookie {
  name: string
  value: string
  /** Lower-cased attribute names; flags such as HttpOnly have the value `true`. */
  attributes: Record<string, string | true>
}

interface Answer {
  status: number
  body: unknown
  contentType: string | null
  cacheControl: string | null
  cookies: ParsedCookie[]
}

async function getSession(url: string, cookie: string | undefined, query = ''): Promise<Answer> {
  const response = await fetch(`${url}/api/auth/get-session${query}`, { headers: cookie ? { cookie } : {} })
  return {
    status: response.status,
    body: JSON.parse(await response.text()) as unknown,
    contentType: response.headers.get('content-type'),
    cacheControl: response.headers.get('cache-control'),
    cookies: response.headers
      .getSetCookie()
      .map(parseSetCookie)
      .sort((a, b) => a.name.localeCompare(b.name)),
  }
}

function parseSetCookie(header: string): ParsedCookie {
  const [pair = '', ...attributes] = header.split(';').map((part) => part.trim())
  const equals = pair.indexOf('=')
  return {
    name: pair.slice(0, equals),
    value: pair.slice(equals + 1),
    attributes: Object.fromEntries(
      attributes.filter(Boolean).map((attribute) => {
        const at = attribute.indexOf('=')
        return at === -1 ? [attribute.toLowerCase(), true] : [attribute.slice(0, at).toLowerCase(), attribute.slice(at + 1)]
      }),
    ),
  }
}

/**
 * Two answers are the same: status, body, content type, cache control, and the same cookies with the same
 * attributes. Max-Age (and Expires, if sent) may differ by a second, since the two answers are not made
 * in the same millisecond; everything else must be identical.
 */
function expectSameAnswer(tasklane: Answer, stock: Answer, { sameCookieValues = true } = {}) {
  const comparable = (answer: Answer) => ({
    ...answer,
    cookies: answer.cookies.map(({ name, value, attributes }) => {
      const { 'max-age': _maxAge, expires: _expires, ...rest } = attributes
      return { name, value: sameCookieValues ? value : '(compared separately)', attributes: rest }
    }),
  })
  expect(comparable(tasklane)).toEqual(comparable(stock))
  for (const [index, cookie] of tasklane.cookies.entries()) {
    const other = stock.cookies[index]
    expect(Object.hasOwn(cookie.attributes, 'max-age')).toBe(Object.hasOwn(other?.attributes ?? {}, 'max-age'))
    expect(Math.abs(Number(cookie.attributes['max-age'] ?? 0) - Number(other?.attributes['max-age'] ?? 0))).toBeLessThanOrEqual(1)
    expect(Object.hasOwn(cookie.attributes, 'expires')).toBe(Object.hasOwn(other?.attributes ?? {}, 'expires'))
    const expires = (parsed: ParsedCookie | undefined) => Date.parse(String(parsed?.attributes.expires ?? 0))
    expect(Math.abs(expires(cookie) - expires(other))).toBeLessThanOrEqual(2_000)
  }
}

/** Asks both, tasklane first; then, for a second cookie in the same state, stock first (an answer may change state). */
async function expectSameBothWays(pair: Pair, first: string | undefined, second: string | undefined = first) {
  const tasklaneFirst = await getSession(pair.tasklane.url, first)
  const stockSecond = await getSession(pair.stock.url, first)
  const stockFirst = await getSession(pair.stock.url, second)
  const tasklaneSecond = await getSession(pair.tasklane.url, second)
  expectSameAnswer(tasklaneFirst, stockFirst)
  expectSameAnswer(tasklaneSecond, stockSecond)
  return { tasklaneFirst, stockFirst, tasklaneSecond, stockSecond }
}

/** A second session of the same user, from the same client IP and user agent as the first was asked to be. */
async function signInAgain(authUrl: string, user: TestUser, ip: string): Promise<string> {
  const response = await fetch(`${authUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, 'x-forwarded-for': ip },
    body: JSON.stringify({ email: user.email, password: user.password }),
  })
  expect(response.status).toBe(200)
  return sessionCookie(response)
}

const cookieValue = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface SessionBody {
  session: Record<string, unknown> & { id: string; token: string; expiresAt: string; createdAt: string; updatedAt: string }
  user: Record<string, unknown>
}

/** Two different sessions' bodies, with what must differ (id, token) set aside and times compared to a second. */
function expectSameSessionShape(tasklane: unknown, stock: unknown) {
  const a = tasklane as SessionBody
  const b = stock as SessionBody
  for (const field of ['expiresAt', 'createdAt', 'updatedAt'] as const) {
    expect(Math.abs(Date.parse(a.session[field]) - Date.parse(b.session[field])), field).toBeLessThan(2_000)
  }
  const shape = ({ session, user }: SessionBody) => ({
    session: { ...session, id: typeof session.id, token: typeof session.token, expiresAt: '', createdAt: '', updatedAt: '' },
    user,
  })
  expect(shape(a)).toEqual(shape(b))
}

describe('get-session: the in-process route answers exactly as stock Better Auth', () => {
  describe('with the default session lifetimes', () => {
    let pair: Pair
    it('starts both against one database', async () => {
      pair = await startPair()
    })

    it('a valid cookie: 200, the same session and user, no Set-Cookie', async () => {
      const user = await signUp(pair.tasklane.url)
      const { tasklaneFirst } = await expectSameBothWays(pair, user.cookie)
      expect(tasklaneFirst.status).toBe(200)
      expect(tasklaneFirst.body).toMatchObject({ user: { id: user.userId }, session: { userId: user.userId } })
      expect(tasklaneFirst.cookies).toEqual([])
      expectSameAnswer(await getSession(pair.tasklane.url, user.cookie, '?disableRefresh=true'), await getSession(pair.stock.url, user.cookie, '?disableRefresh=true'))
    })

    it('a session made through stock Better Auth is the same on both', async () => {
      const user = await signUp(pair.stock.url)
      const { tasklaneFirst } = await expectSameBothWays(pair, user.cookie)
      expect(tasklaneFirst.body).toMatchObject({ user: { id: user.userId } })
    })

    it('no cookie, garbage cookies and a forged signature: 200 null, the same cookies', async () => {
      const user = await signUp(pair.tasklane.url)
      const token = decodeURIComponent(cookieValue(user.cookie)).split('.')[0] ?? ''
      for (const cookie of [
        undefined,
        'better-auth.session_token=garbage',
        'better-auth.session_token=abc.def',
        'better-auth.session_token=',
        `better-auth.session_token=${token}`,
        `better-auth.session_token=${encodeURIComponent(`${token}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`)}`,
        'other=1',
      ]) {
        const { tasklaneFirst } = await expectSameBothWays(pair, cookie)
        expect(tasklaneFirst.status, String(cookie)).toBe(200)
        expect(tasklaneFirst.body, String(cookie)).toBeNull()
      }
    })

    it('a cookie signed with another secret (a real session in the same database): 200 null on both', async () => {
      const foreign = await startAuth({ BETTER_AUTH_SECRET: 'another-secret-another-secret-another-secret' })
      running.push(foreign)
      const user = await signUp(foreign.url)
      const { tasklaneFirst } = await expectSameBothWays(pair, user.cookie)
      expect(tasklaneFirst.status).toBe(200)
      expect(tasklaneFirst.body).toBeNull()
    })

    it('a signed-out session: 200 null and the same clearing cookies', async () => {
      const user = await signUp(pair.tasklane.url)
      expect((await signOut(pair.tasklane.url, user.cookie)).status).toBe(200)
      const { tasklaneFirst } = await expectSameBothWays(pair, user.cookie)
      expect(tasklaneFirst.body).toBeNull()
      expect(tasklaneFirst.cookies.map((cookie) => [cookie.name, cookie.attributes['max-age']])).toContainEqual(['better-auth.session_token', '0'])
    })
  })

  it('an expired session: 200 null and the same clearing cookies, whichever path sees it first', async () => {
    const pair = await startPair({ SESSION_EXPIRES_IN: '2' })
    const [first, second] = await Promise.all([signUp(pair.tasklane.url), signUp(pair.stock.url)])
    await sleep(2_500)
    const { tasklaneFirst, stockFirst } = await expectSameBothWays(pair, first.cookie, second.cookie)
    expect(tasklaneFirst.body).toBeNull()
    expect(stockFirst.body).toBeNull()
    expect(tasklaneFirst.cookies.find((cookie) => cookie.name === 'better-auth.session_token')?.attributes['max-age']).toBe('0')
  })

  describe('after updateAge (sliding refresh)', () => {
    // Whichever path sees a due session first extends it, so each path gets its own session of the same age.
    let pair: Pair
    let user: TestUser
    const ip = '10.77.0.1'

    it('starts both with a 60 s session that is due for refresh after 1 s', async () => {
      pair = await startPair({ SESSION_EXPIRES_IN: '60', SESSION_UPDATE_AGE: '1' })
      user = await signUp(pair.tasklane.url)
    })

    it('sends the same refresh Set-Cookie (the same signed token, same attributes, Max-Age 60) and the same body', async () => {
      const [forTasklane, forStock] = [await signInAgain(pair.tasklane.url, user, ip), await signInAgain(pair.tasklane.url, user, ip)]
      await sleep(1_300)
      const [tasklane, stock] = await Promise.all([getSession(pair.tasklane.url, forTasklane), getSession(pair.stock.url, forStock)])

      expect(tasklane.status).toBe(200)
      expectSameAnswer({ ...tasklane, body: null }, { ...stock, body: null }, { sameCookieValues: false })
      expectSameSessionShape(tasklane.body, stock.body)
      // The refresh cookie carries each session's own signed token unchanged, with the full lifetime again.
      expect(tasklane.cookies.map((cookie) => [cookie.name, cookie.value, cookie.attributes['max-age']])).toEqual([['better-auth.session_token', cookieValue(forTasklane), '60']])
      expect(stock.cookies.map((cookie) => [cookie.name, cookie.value, cookie.attributes['max-age']])).toEqual([['better-auth.session_token', cookieValue(forStock), '60']])

      // Both extended the session in the database: asked again at once, neither is due, and both end ~60 s from now.
      const [tasklaneAfter, stockAfter] = await Promise.all([getSession(pair.tasklane.url, forTasklane), getSession(pair.stock.url, forStock)])
      expect(tasklaneAfter.cookies).toEqual([])
      expect(stockAfter.cookies).toEqual([])
      for (const after of [tasklaneAfter, stockAfter]) {
        expect(Date.parse((after.body as SessionBody).session.expiresAt) - Date.now()).toBeGreaterThan(55_000)
      }
    })

    it('with ?disableRefresh=true (the api deferring a refresh), neither refreshes', async () => {
      const [forTasklane, forStock] = [await signInAgain(pair.tasklane.url, user, ip), await signInAgain(pair.tasklane.url, user, ip)]
      await sleep(1_300)
      const query = '?disableRefresh=true'
      const [tasklane, stock] = await Promise.all([getSession(pair.tasklane.url, forTasklane, query), getSession(pair.stock.url, forStock, query)])
      expectSameAnswer({ ...tasklane, body: null }, { ...stock, body: null })
      expect(tasklane.cookies).toEqual([])
      expectSameSessionShape(tasklane.body, stock.body)
    })
  })
})
