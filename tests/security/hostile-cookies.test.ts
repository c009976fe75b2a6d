import { createHmac } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type RunningService, type TestUser, TEST_SECRET, apiCall, signIn, signOut, signUp, sessionCookie, startApi, startAuth } from '../support/test-stack.ts'
import { mapWithConcurrency } from './map-with-concurrency.ts'
import { rawRequest } from './raw-request.ts'

/**
 * Hostile input (docs/security.md): 1,000 generated cookies against an authenticated route. Every one must be refused with
 * 401 and never a 5xx. Two documented exceptions:
 * - oversized: Node's HTTP server refuses a header block over 16 KiB with 431 before the api sees it;
 * - duplicated names: with a valid and another cookie under the one name, the first occurrence is the one auth
 *   reads (RFC 6265 §5.4 order). The answer may then be that user's own data (200) or 403 on someone else's path,
 *   never another user's data; a stricter api may refuse the ambiguity with 401.
 * Random inputs come from a seeded generator: the seed is in the printed figures and can be replayed with
 * HOSTILE_COOKIE_SEED.
 */

const TOTAL = 1_000
const CONCURRENCY = 16
const NAME = 'better-auth.session_token'
const SECURE_NAME = `__Secure-${NAME}`
const SEED = Number(process.env.HOSTILE_COOKIE_SEED ?? Date.now() % 2 ** 31)

type Expectation =
  | { kind: 'unauthenticated' }
  | { kind: 'oversized' }
  /** The first occurrence wins at auth: `firstWins` is whose valid session that is, or null when it is invalid. */
  | { kind: 'duplicate'; firstWins: 'alice' | 'bob' | null }

interface HostileCookie {
  category: string
  /** One `Cookie` header, or several header lines. Latin1 strings: each char is one byte on the wire. */
  header: string | string[]
  expect: Expectation
}

interface Party {
  user: TestUser
  /** The raw session token and its URL-encoded signed cookie value, as Better Auth set it. */
  token: string
  value: string
  signature: string
  sessionId: string
  taskTitle: string
  taskId: string
}

let auth: RunningService
let api: RunningService
let db: pg.Client
let alice: Party
let bob: Party
/** Valid sessions that were then expired in the database, or signed out. */
const deadCookies: { category: string; value: string }[] = []

/** Better Auth's signed cookie value (better-call `signCookieValue`): `encodeURIComponent(token + '.' + base64(HMAC-SHA256))`. */
function signedValue(token: string, secret: string): string {
  return encodeURIComponent(`${token}.${hmac(token, secret)}`)
}
function hmac(token: string, secret: string): string {
  return createHmac('sha256', secret).update(token).digest('base64')
}
/** UTF-8 bytes of `text` as a latin1 string: how non-ASCII goes on the wire in a header. */
function utf8Bytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1')
}

async function party(name: string): Promise<Party> {
  const user = await signUp(auth.url)
  const value = user.cookie.slice(NAME.length + 1)
  const decoded = decodeURIComponent(value)
  const token = decoded.slice(0, decoded.lastIndexOf('.'))
  const signature = decoded.slice(decoded.lastIndexOf('.') + 1)
  const { rows } = await db.query<{ id: string }>('select id from session where token = $1', [token])
  const taskTitle = `${name}-cookie-secret-${SEED}`
  const created = await apiCall(api.url, user.cookie)('POST', `/api/${user.userId}/tasks`, { title: taskTitle })
  expect(created.status).toBe(201)
  const task = (await created.json()) as { id: string }
  return { user, token, value, signature, sessionId: rows[0]?.id ?? '', taskTitle, taskId: task.id }
}

/** A second session for `user`, killed one way or another: the cookie was real, and no longer is. */
async function deadSession(user: TestUser, how: 'expired' | 'signed-out'): Promise<string> {
  const response = await signIn(auth.url, user)
  expect(response.status).toBe(200)
  const cookie = sessionCookie(response)
  const value = cookie.slice(NAME.length + 1)
  // Alive first, so the refusal below is about the expiry or the sign-out and nothing else.
  expect((await apiCall(api.url, cookie)('GET', `/api/${user.userId}/tasks`)).status).toBe(200)
  if (how === 'signed-out') {
    expect((await signOut(auth.url, cookie)).status).toBe(200)
  } else {
    const decoded = decodeURIComponent(value)
    const updated = await db.query(`update session set expires_at = now() - interval '1 day' where token = $1`, [decoded.slice(0, decoded.lastIndexOf('.'))])
    expect(updated.rowCount).toBe(1)
  }
  return value
}

beforeAll(async () => {
  db = new pg.Client({ connectionString: inject('databaseUrl') })
  await db.connect()
  auth = await startAuth()
  api = await startApi(auth.url)
  alice = await party('alice')
  bob = await party('bob')
  for (const user of [alice.user, bob.user]) {
    for (const how of ['expired', 'expired', 'signed-out', 'signed-out'] as const) {
      deadCookies.push({ category: how, value: await deadSession(user, how) })
    }
  }
})
afterAll(async () => {
  await api?.close()
  await auth?.close()
  await db?.end()
})

/** mulberry32: small, seedable, good enough to pick bytes. */
function seededRandom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
  const int = (below: number) => Math.floor(next() * below)
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T
  const string = (length: number, alphabet: string) => Array.from({ length }, () => alphabet[int(alphabet.length)]).join('')
  return { int, pick, string }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
/** Every byte Node lets a client put in a header value: tab, printable ASCII and 0x80–0xff (no CR, LF or NUL). */
const HEADER_BYTES = ['\t', ...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)), ...Array.from({ length: 0x80 }, (_, i) => String.fromCharCode(0x80 + i))].join('')

function generateCookies(): HostileCookie[] {
  const random = seededRandom(SEED)
  const cookies: HostileCookie[] = []
  const add = (category: string, header: string | string[], expectation: Expectation = { kind: 'unauthenticated' }) =>
    cookies.push({ category, header, expect: expectation })
  const session = (value: string) => `${NAME}=${value}`
  const randomToken = () => random.string(32, ALNUM)
  const randomSignature = () => encodeURIComponent(`${random.string(43, BASE64)}=`)

  // Truncated: every proper prefix of both real cookies, from the empty header to one byte short.
  for (const { user } of [alice, bob]) {
    for (let length = 0; length < user.cookie.length; length++) add('truncated', user.cookie.slice(0, length))
  }

  // Re-signed with a wrong secret: random ones, and near misses of the real one.
  const nearMisses = [
    TEST_SECRET.slice(0, -1),
    `${TEST_SECRET}x`,
    `x${TEST_SECRET.slice(1)}`,
    TEST_SECRET.toUpperCase(),
    `${TEST_SECRET.slice(0, -1)}${TEST_SECRET.endsWith('t') ? 'T' : 't'}`,
    '',
    'secret',
    'better-auth-secret-12345678901234567890',
    ' '.repeat(32),
    TEST_SECRET.split('').reverse().join(''),
  ]
  for (const secret of nearMisses) {
    add('wrong-secret', session(signedValue(alice.token, secret)))
    add('wrong-secret', session(signedValue(bob.token, secret)))
  }
  for (let i = 0; i < 40; i++) add('wrong-secret', session(signedValue(random.pick([alice, bob]).token, random.string(32 + random.int(33), BASE64))))

  // Another user's token with a swapped signature, and a real signature on the wrong token.
  add('swapped', session(encodeURIComponent(`${alice.token}.${bob.signature}`)))
  add('swapped', session(encodeURIComponent(`${bob.token}.${alice.signature}`)))
  for (const { token, signature } of [alice, bob]) {
    add('swapped', session(encodeURIComponent(`${token}.${signature.toLowerCase()}`)))
    add('swapped', session(encodeURIComponent(`${token}.${signature.slice(1)}${signature[0]}`)))
    add('swapped', session(encodeURIComponent(`${token.toUpperCase()}.${signature}`)))
    add('swapped', session(encodeURIComponent(`${token}x.${signature}`)))
    add('swapped', session(encodeURIComponent(`${token}`)))
    add('swapped', session(encodeURIComponent(`${signature}.${token}`)))
  }
  // Signed with the real secret, so the signature passes, but naming something that is not a session token:
  // the session id, the user id, the email, a random or a mangled token. Only the token itself is a session.
  for (const target of [alice, bob]) {
    for (const value of [target.sessionId, target.user.userId, target.user.email, randomToken(), target.token.slice(0, -1), `${target.token} `, target.token.toUpperCase(), '', `${target.token}%00`, `${target.sessionId}.${target.token}`]) {
      add('swapped-id', session(signedValue(value, TEST_SECRET)))
    }
  }

  // Sessions that were real: expired in the database, or signed out.
  for (const { category, value } of deadCookies) add(category, session(value))

  // Oversized: session cookies from 8 KiB to past Node's 16 KiB header limit, garbage or a real value padded, and
  // many small cookies adding up. Header lengths between 16,000 and 16,500 bytes are left to
  // Including 16,000–16,500 bytes, where the api accepts a header that, forwarded whole, would exceed auth's
  // own limit (see oversized-cookie.test.ts).
  const oversized = (length: number) => {
    const prefix = random.pick([`${NAME}=`, `${NAME}=${alice.value}`, `${NAME}=${randomToken()}.`])
    return prefix + random.string(Math.max(0, length - prefix.length), ALNUM)
  }
  for (let length = 8 * 1024; length <= 16_000; length += 128) add('oversized', oversized(length), { kind: 'oversized' })
  for (let length = 16_000; length <= 17_400; length += 30) add('oversized', oversized(length), { kind: 'oversized' })
  for (let count = 100; count <= 1_700; count += 200) {
    const header = [...Array.from({ length: count }, (_, i) => `c${i}=${random.string(6, ALNUM)}`), session(randomToken())].join('; ')
    add('oversized', header, { kind: 'oversized' })
  }

  // Unicode: random code points from every plane, homoglyph names carrying a real value, real values with a
  // zero-width or combining character added.
  const planes = [
    [0xa0, 0x2ff],
    [0x370, 0x52f],
    [0x590, 0x6ff],
    [0x2000, 0x206f],
    [0x3040, 0x30ff],
    [0x4e00, 0x9fff],
    [0xfe00, 0xfeff],
    [0x1f300, 0x1faff],
    [0x10000, 0x1007f],
    [0xe0000, 0xe007f],
  ] as const
  const unicodeString = (length: number) =>
    Array.from({ length }, () => {
      const [from, to] = random.pick(planes)
      return String.fromCodePoint(from + random.int(to - from + 1))
    }).join('')
  for (let i = 0; i < 60; i++) add('unicode', utf8Bytes(session(unicodeString(1 + random.int(80)))))
  for (let i = 0; i < 15; i++) add('unicode', utf8Bytes(session(`${alice.value}${unicodeString(1 + random.int(3))}`)))
  for (let i = 0; i < 10; i++) add('unicode', utf8Bytes(session(`${unicodeString(1 + random.int(3))}${bob.value}`)))
  for (const lookalike of ['better‐auth.session_token', 'better-auth.sessіon_token', 'bеtter-auth.session_token', 'better-auth．session_token', 'better-auth.session_tokеn']) {
    add('unicode', utf8Bytes(`${lookalike}=${alice.value}`))
  }
  for (const mark of ['\u200b', '\u0301', '\ufeff', '\u202e', '\u00a0', 'é', '🍪', '\u2028', '\ufffd', '\u{e0041}']) {
    add('unicode', utf8Bytes(session(`${alice.value.slice(0, 20)}${mark}${alice.value.slice(20)}`)))
  }

  // Duplicated names: a valid and an invalid cookie under the one name, in both orders, two valid ones of different
  // users, and the same split over two Cookie header lines.
  const garbage = () => random.pick([randomToken(), `${randomToken()}.${randomSignature()}`, signedValue(alice.token, 'wrong-secret'), '', deadCookies[0]?.value ?? 'x'])
  for (let i = 0; i < 6; i++) {
    const invalid = session(garbage())
    add('duplicate', `${alice.user.cookie}; ${invalid}`, { kind: 'duplicate', firstWins: 'alice' })
    add('duplicate', `${invalid}; ${alice.user.cookie}`, { kind: 'duplicate', firstWins: null })
    add('duplicate', [alice.user.cookie, invalid], { kind: 'duplicate', firstWins: 'alice' })
    add('duplicate', [invalid, alice.user.cookie], { kind: 'duplicate', firstWins: null })
  }
  add('duplicate', `${alice.user.cookie}; ${bob.user.cookie}`, { kind: 'duplicate', firstWins: 'alice' })
  add('duplicate', `${bob.user.cookie}; ${alice.user.cookie}`, { kind: 'duplicate', firstWins: 'bob' })
  add('duplicate', [bob.user.cookie, alice.user.cookie], { kind: 'duplicate', firstWins: 'bob' })
  add('duplicate', `${bob.user.cookie}; ${alice.user.cookie}; ${alice.user.cookie}`, { kind: 'duplicate', firstWins: 'bob' })
  add('duplicate', `${session(garbage())}; ${bob.user.cookie}; ${alice.user.cookie}`, { kind: 'duplicate', firstWins: null })
  add('duplicate', `${session(`"${alice.value}`)}; ${alice.user.cookie}`, { kind: 'duplicate', firstWins: null })
  for (let i = 0; i < 6; i++) add('duplicate-invalid', `${session(garbage())}; ${session(garbage())}`)

  // `__Secure-` and `__Host-` names over http: garbage, and real values under a name this auth does not read.
  for (let i = 0; i < 30; i++) add('secure-prefix', `${SECURE_NAME}=${random.pick([randomToken(), `${randomToken()}.${randomSignature()}`, random.string(1 + random.int(200), BASE64)])}`)
  for (const { value } of [alice, bob]) {
    add('secure-prefix', `${SECURE_NAME}=${value}`)
    add('secure-prefix', `__Host-${NAME}=${value}`)
    add('secure-prefix', `__secure-${NAME}=${value}`)
    add('secure-prefix', `${SECURE_NAME}=${value}; ${SECURE_NAME}=${randomToken()}`)
  }
  for (let i = 0; i < 8; i++) add('secure-prefix', `${SECURE_NAME}=${randomToken()}.${randomSignature()}; ${NAME}=${garbage()}`)

  // Syntax: no value, no name, quotes, broken escapes, separators, case and whitespace in the name.
  for (const header of [
    NAME,
    `${NAME}=`,
    `${NAME}==`,
    `=${alice.value}`,
    `${NAME};`,
    ';;;;',
    ' ',
    '=',
    `${NAME}=%`,
    `${NAME}=%ZZ%ZZ`,
    `${NAME}=%E0%A4%A`,
    `${NAME}=%00`,
    `${NAME}="`,
    `${NAME}=""`,
    `${NAME}="${randomToken()}`,
    `${NAME}=${alice.value.replaceAll('%', '%25')}`,
    `${NAME.toUpperCase()}=${alice.value}`,
    `Better-Auth.Session_Token=${alice.value}`,
    `${NAME}\t=${garbage()}`,
    `${NAME}=${alice.value.replace('.', ',')}`,
    `${NAME}=${alice.value.replace('.', ';')}`,
    `${NAME}=${alice.value.replace('.', '\\')}`,
    `${NAME}=${alice.token}`,
    `${NAME}=${alice.token}.`,
    `${NAME}=.${encodeURIComponent(alice.signature)}`,
    `${NAME}=${encodeURIComponent(`${alice.token}..${alice.signature}`)}`,
    `${NAME}=${encodeURIComponent(`${alice.token}.${alice.signature}.${alice.signature}`)}`,
    `${NAME}=${encodeURIComponent(`${alice.token}.${alice.signature.replace(/=$/, '')}`)}`,
    `${NAME}=${encodeURIComponent(`${alice.token}.${alice.signature.replace(/=$/, '==')}`)}`,
    `${NAME}=${encodeURIComponent(`${alice.token}.${Buffer.from(alice.signature, 'base64').toString('base64url')}`)}`,
    `${NAME}=${encodeURIComponent(`${alice.token}.${Buffer.from(alice.signature, 'base64').toString('hex')}`)}`,
    `${NAME}=${encodeURIComponent(`${alice.token}.${createHmac('sha1', TEST_SECRET).update(alice.token).digest('base64')}`)}`,
    `${NAME}=${encodeURIComponent(`${alice.token}.${createHmac('sha512', TEST_SECRET).update(alice.token).digest('base64')}`)}`,
    `${NAME}=${encodeURIComponent(`${alice.token}.${'A'.repeat(43)}=`)}`,
    `${NAME}=${encodeURIComponent(`${alice.token}.${'='.repeat(44)}`)}`,
    `${NAME}=${encodeURIComponent(`${alice.token}.${' '.repeat(43)}=`)}`,
    `${NAME}=undefined`,
    `${NAME}=null`,
    `${NAME}=[object Object]`,
    `${NAME}=${'.'.repeat(100)}`,
  ]) {
    add('syntax', header)
  }

  // Random: bytes Node allows in a header, base64 and hex of random lengths, token-shaped values whose signature
  // has the right form but not the right bytes, and whole headers of noise.
  const randomKinds = [
    () => session(random.string(1 + random.int(300), HEADER_BYTES)),
    () => session(random.string(1 + random.int(200), BASE64)),
    () => session(random.string(2 * (1 + random.int(100)), '0123456789abcdef')),
    () => session(`${randomToken()}.${randomSignature()}`),
    () => session(encodeURIComponent(`${randomToken()}.${hmac(randomToken(), TEST_SECRET)}`)),
    () => random.string(1 + random.int(300), HEADER_BYTES),
    () => `${random.string(1 + random.int(20), ALNUM)}=${random.string(random.int(60), BASE64)}; ${session(random.string(1 + random.int(120), HEADER_BYTES))}`,
  ]
  while (cookies.length < TOTAL) add('random', random.pick(randomKinds)())
  return cookies.slice(0, TOTAL)
}

interface Outcome {
  cookie: HostileCookie
  status: number | 'connection-error'
  text: string
}

describe('1,000 hostile cookies on an authenticated route', () => {
  it('reproduces the cookie signature exactly, so the wrong-secret cookies differ only in their secret', () => {
    expect(signedValue(alice.token, TEST_SECRET)).toBe(alice.value)
    expect(signedValue(bob.token, TEST_SECRET)).toBe(bob.value)
  })

  it('refuses every one: 401, or 431 when oversized, never 5xx and never another user\'s data', async () => {
    const cookies = generateCookies()
    expect(cookies).toHaveLength(TOTAL)
    const path = `/api/${alice.user.userId}/tasks`
    const outcomes = await mapWithConcurrency(cookies, CONCURRENCY, async (cookie): Promise<Outcome> => {
      try {
        const response = await rawRequest(api.url, { path, headers: { cookie: cookie.header } })
        return { cookie, status: response.status, text: response.text }
      } catch (error) {
        return { cookie, status: 'connection-error', text: String(error) }
      }
    })

    const byStatus: Record<string, number> = {}
    const byCategory: Record<string, Record<string, number>> = {}
    const failures: string[] = []
    for (const { cookie, status, text } of outcomes) {
      byStatus[status] = (byStatus[status] ?? 0) + 1
      const category = (byCategory[cookie.category] ??= {})
      category[status] = (category[status] ?? 0) + 1
      const problem = judge(cookie, status, text)
      if (problem) failures.push(`${cookie.category} ${JSON.stringify(cookie.header).slice(0, 160)} (${JSON.stringify(cookie.header).length} chars): ${problem}`)
    }
    const fiveHundreds = outcomes.filter(({ status }) => typeof status === 'number' && status >= 500).length
    process.stdout.write(
      `${JSON.stringify({ suite: 'hostile-cookies', seed: SEED, tried: outcomes.length, concurrency: CONCURRENCY, byStatus, byCategory, fiveHundreds, failures: failures.length })}\n`,
    )
    expect(failures, `seed ${SEED}`).toEqual([])
    expect(fiveHundreds).toBe(0)
  })

  it('still serves both real cookies afterwards', async () => {
    for (const { user, taskTitle } of [alice, bob]) {
      const response = await apiCall(api.url, user.cookie)('GET', `/api/${user.userId}/tasks`)
      expect(response.status).toBe(200)
      expect(((await response.json()) as { tasks: { title: string }[] }).tasks.map((task) => task.title)).toEqual([taskTitle])
    }
  })
})

/** What is wrong with this answer to this cookie, or null. */
function judge(cookie: HostileCookie, status: number | 'connection-error', text: string): string | null {
  if (status === 'connection-error') return `no answer: ${text}`
  if (status >= 500) return `answered ${status}: ${text.slice(0, 200)}`
  // Bob's task must never show up: every request is on Alice's path.
  if (text.includes(bob.taskTitle) || text.includes(bob.taskId)) return `leaked bob's task: ${status}`
  const unauthenticated = () => (status === 401 && /"error_code":"UNAUTHENTICATED"/.test(text) ? null : `expected 401 UNAUTHENTICATED, got ${status} ${text.slice(0, 200)}`)
  switch (cookie.expect.kind) {
    case 'unauthenticated':
      return unauthenticated()
    case 'oversized':
      return status === 431 ? null : unauthenticated()
    case 'duplicate': {
      if (status === 401) return null
      if (cookie.expect.firstWins === 'alice') {
        if (status !== 200) return `expected Alice's list (or 401), got ${status} ${text.slice(0, 200)}`
        const tasks = (JSON.parse(text) as { tasks: { user_id: string; title: string }[] }).tasks
        return tasks.length === 1 && tasks[0]?.user_id === alice.user.userId && tasks[0].title === alice.taskTitle ? null : `not exactly Alice's list: ${text.slice(0, 200)}`
      }
      if (cookie.expect.firstWins === 'bob') return status === 403 && !text.includes(alice.taskTitle) ? null : `expected 403 for Bob on Alice's path (or 401), got ${status}`
      return `expected 401 (an invalid cookie came first), got ${status} ${text.slice(0, 200)}`
    }
  }
}
