import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { ensureRedisRunning, TEST_REDIS_URL } from '@tasklane/test-kit/redis-server'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type PrivateDatabase, startPrivateEmbedded, startPrivatePostgres } from '../support/private-database.ts'
import { linkTo, waitForMail } from '../support/outbox.ts'
import { noteSecrets } from '../support/service-logs.ts'
import {
  freePort,
  randomIp,
  type RunningService,
  signIn,
  signUp,
  startApi,
  startAuth,
  startWebForwarder,
  type TestUser,
  TRUSTED_ORIGIN,
} from '../support/test-stack.ts'

/**
 * "Failed sign-ins are counted per account, from every address and on every auth instance; past a few, that account's
 * attempts wait, the wait doubling with each further failure up to a cap, and while it waits no password is checked"
 * (docs/security.md). Better Auth's own limit is per client IP, so without this an attacker with many addresses could
 * guess one account's password without end. Small values keep the file to seconds: 3 free failures, then 1 s, 2 s, 4 s.
 */
const FREE_FAILURES = 3
const THROTTLE = {
  ACCOUNT_SIGN_IN_FREE_FAILURES: String(FREE_FAILURES),
  ACCOUNT_SIGN_IN_BASE_DELAY: '1',
  ACCOUNT_SIGN_IN_MAX_DELAY: '4',
  ACCOUNT_SIGN_IN_FAILURE_WINDOW: '60',
}

const running: RunningService[] = []
afterAll(async () => {
  for (const service of running.reverse()) await service.close()
})

async function startThrottledAuth(env: Record<string, string> = {}): Promise<RunningService> {
  const auth = await startAuth({ ...THROTTLE, ...env })
  running.push(auth)
  return auth
}

/** One sign-in, from `ip` (auth believes the last X-Forwarded-For hop from loopback), or from a fresh address. */
async function attempt(authUrl: string, email: string, password: string, ip = randomIp()): Promise<Response> {
  noteSecrets(password)
  return fetch(`${authUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password }),
  })
}

const wrongPassword = () => `wrong-${randomBytes(6).toString('hex')}`
const unknownEmail = () => `nobody-${randomBytes(6).toString('hex')}@example.com`

function distinctIps(count: number): string[] {
  const ips = new Set<string>()
  while (ips.size < count) ips.add(randomIp())
  return [...ips]
}

/** The answer's Retry-After in seconds; NaN when there is none. */
const retryAfter = (response: Response) => Number(response.headers.get('retry-after') ?? Number.NaN)

/** Waits out a 429, with a margin for the clock. */
async function waitOut(response: Response): Promise<void> {
  await sleep(retryAfter(response) * 1000 + 150)
}

/** A refused attempt is a 429 in Tasklane's error shape, carrying its own request id and a Retry-After in whole seconds. */
async function expectThrottled(response: Response, retryAfterSeconds?: number): Promise<void> {
  expect(response.status).toBe(429)
  const seconds = retryAfter(response)
  expect(Number.isInteger(seconds) && seconds >= 1).toBe(true)
  if (retryAfterSeconds !== undefined) expect(seconds).toBe(retryAfterSeconds)
  expect(response.headers.getSetCookie()).toEqual([])
  expect(await response.json()).toEqual({
    error_code: 'TOO_MANY_SIGN_IN_ATTEMPTS',
    message: expect.any(String),
    detail: { retry_after_seconds: seconds },
    request_id: response.headers.get('x-request-id'),
  })
}

/** Fails `count` times in a row, each answered 401. */
async function failFreely(authUrl: string, email: string, count = FREE_FAILURES): Promise<void> {
  for (let failure = 0; failure < count; failure++) expect((await attempt(authUrl, email, wrongPassword())).status).toBe(401)
}

describe('per-account sign-in throttle (counts in PostgreSQL)', () => {
  let auth: RunningService
  beforeAll(async () => {
    auth = await startThrottledAuth()
  })

  it('throttles 20 wrong passwords for one account from 20 addresses, while another account signs in as usual', async () => {
    const victim = await signUp(auth.url)
    const bystander = await signUp(auth.url)
    const statuses: number[] = []
    for (const ip of distinctIps(20)) {
      const response = await attempt(auth.url, victim.email, wrongPassword(), ip)
      statuses.push(response.status)
      if (response.status === 429) await expectThrottled(response, 1)
      // Meanwhile the other account is untouched: its wrong passwords are plain 401s, and its right one works.
      if (statuses.length === 10) expect((await attempt(auth.url, bystander.email, wrongPassword())).status).toBe(401)
    }
    expect(statuses).toEqual([...Array<number>(FREE_FAILURES).fill(401), ...Array<number>(20 - FREE_FAILURES).fill(429)])
    expect((await signIn(auth.url, bystander)).status).toBe(200)
  })

  it('refuses even the right password while the account waits, then lets it in after the wait', async () => {
    const user = await signUp(auth.url)
    await failFreely(auth.url, user.email)
    const refused = await signIn(auth.url, user)
    await expectThrottled(refused, 1)
    await sleep(1_150)
    expect((await signIn(auth.url, user)).status).toBe(200)
  })

  it('doubles the wait with each further failure up to the cap; attempts refused meanwhile do not lengthen it', async () => {
    const user = await signUp(auth.url)
    await failFreely(auth.url, user.email)
    const waits: number[] = []
    for (let round = 0; round < 4; round++) {
      const refused = await attempt(auth.url, user.email, wrongPassword())
      await expectThrottled(refused)
      waits.push(retryAfter(refused))
      // More guesses while it waits: refused, and not counted as failures.
      for (let extra = 0; extra < 3; extra++) expect((await attempt(auth.url, user.email, wrongPassword())).status).toBe(429)
      if (round === 3) break
      await waitOut(refused)
      expect((await attempt(auth.url, user.email, wrongPassword())).status).toBe(401)
    }
    expect(waits).toEqual([1, 2, 4, 4])
  })

  it('clears the count on a successful sign-in: the account has all its free failures again', async () => {
    const user = await signUp(auth.url)
    await failFreely(auth.url, user.email)
    const refused = await attempt(auth.url, user.email, wrongPassword())
    await expectThrottled(refused, 1)
    await waitOut(refused)
    expect((await signIn(auth.url, user)).status).toBe(200)

    // Not cleared, the next failure would be the fourth, and the attempt after it would wait 2 s.
    await failFreely(auth.url, user.email)
    await expectThrottled(await attempt(auth.url, user.email, wrongPassword()), 1)
  })

  it('throttles an unknown email exactly like a known one, so the answer tells nobody which accounts exist', async () => {
    const known = await signUp(auth.url)
    const unknown = unknownEmail()
    const answers = async (email: string) => {
      const answered: Array<{ status: number; retryAfter: string | null; body: Record<string, unknown> }> = []
      for (let index = 0; index <= FREE_FAILURES; index++) {
        const response = await attempt(auth.url, email, wrongPassword())
        const { request_id: _requestId, ...body } = (await response.json()) as Record<string, unknown>
        answered.push({ status: response.status, retryAfter: response.headers.get('retry-after'), body })
      }
      return answered
    }
    const forKnown = await answers(known.email)
    expect(forKnown.map((answer) => answer.status)).toEqual([401, 401, 401, 429])
    expect(await answers(unknown)).toEqual(forKnown)
  })

  it('counts one account however its address is typed', async () => {
    const user = await signUp(auth.url)
    const shouting = user.email.toUpperCase()
    for (const typed of [shouting, user.email, shouting]) expect((await attempt(auth.url, typed, wrongPassword())).status).toBe(401)
    await expectThrottled(await attempt(auth.url, user.email, wrongPassword()), 1)
    await expectThrottled(await attempt(auth.url, `  ${shouting} `, wrongPassword()), 1)
  })

  it('lets no more than the free failures through when 20 guesses arrive at once from 20 addresses', async () => {
    const user = await signUp(auth.url)
    const responses = await Promise.all(distinctIps(20).map((ip) => attempt(auth.url, user.email, wrongPassword(), ip)))
    const statuses = responses.map((response) => response.status)
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(FREE_FAILURES)
    expect(statuses.filter((status) => status !== 401 && status !== 429)).toEqual([])
  })

  it('forgets the count when the password is reset', async () => {
    // A wait far longer than the reset takes, so only the reset can have ended it.
    const auth = await startThrottledAuth({ ACCOUNT_SIGN_IN_BASE_DELAY: '60', ACCOUNT_SIGN_IN_MAX_DELAY: '60' })
    const user = await signUp(auth.url)
    await failFreely(auth.url, user.email)
    await expectThrottled(await attempt(auth.url, user.email, wrongPassword()), 60)

    // The whole reset as a user does it: ask for the link, read it from the dev outbox, use it.
    const asked = await fetch(`${auth.url}/api/auth/request-password-reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, 'x-forwarded-for': randomIp() },
      body: JSON.stringify({ email: user.email }),
    })
    expect(asked.status).toBe(200)
    const token = linkTo(await waitForMail(auth.url, user.email, 'Reset your Tasklane password'), '/reset-password').searchParams.get('token') ?? ''
    const newPassword = `new-${randomBytes(8).toString('hex')}`
    noteSecrets(newPassword)
    const reset = await fetch(`${auth.url}/api/auth/reset-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, 'x-forwarded-for': randomIp() },
      body: JSON.stringify({ token, newPassword }),
    })
    expect(reset.status).toBe(200)

    // Right away, with no wait: the new password works, and the account has its free failures again.
    expect((await signIn(auth.url, { email: user.email, password: newPassword })).status).toBe(200)
    await failFreely(auth.url, user.email)
  })

  it('answers a throttled attempt through the web origin with the same 429 and Retry-After', async () => {
    const api = await startApi(auth.url)
    const web = await startWebForwarder(auth.url, api.url)
    running.push(api, web)
    const user = await signUp(auth.url)
    await failFreely(auth.url, user.email)
    const response = await fetch(`${web.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN },
      body: JSON.stringify({ email: user.email, password: user.password }),
    })
    await expectThrottled(response, 1)
  })
})

const redisAnswers = await ensureRedisRunning()
if (!redisAnswers) console.error(`\n*** ACCOUNT-THROTTLE REDIS TESTS SKIPPED: no Redis answers at ${TEST_REDIS_URL} (set TEST_REDIS_URL, or apt-get install redis-server). ***\n`)

describe.each([
  ['without Redis', {}],
  ['with Redis beside it', { REDIS_URL: TEST_REDIS_URL }],
])('two auth instances share one count in PostgreSQL %s', (_where, env: Record<string, string>) => {
  const needsServers = it.skipIf('REDIS_URL' in env && !redisAnswers)

  needsServers('counts failures made on either instance, and throttles the account on both', async () => {
    const [first, second] = await Promise.all([startThrottledAuth(env), startThrottledAuth(env)])
    const user = await signUp(first.url)
    const statuses: number[] = []
    for (const instance of [first, second, first]) statuses.push((await attempt(instance.url, user.email, wrongPassword())).status)
    expect(statuses).toEqual([401, 401, 401])
    await expectThrottled(await attempt(second.url, user.email, user.password), 1)
    const refused = await attempt(first.url, user.email, wrongPassword())
    await expectThrottled(refused, 1)

    // A success on one instance clears the count for both.
    await waitOut(refused)
    expect((await signIn(second.url, user)).status).toBe(200)
    for (const instance of [first, second, first]) expect((await attempt(instance.url, user.email, wrongPassword())).status).toBe(401)
  })
})

describe('the throttle cannot be reached', () => {
  it('is not Redis: with Redis down, sign-in still works and is still counted and throttled', async () => {
    const auth = await startThrottledAuth({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` })
    const user = await signUp(auth.url)
    expect((await signIn(auth.url, user)).status).toBe(200)
    await failFreely(auth.url, user.email)
    await expectThrottled(await attempt(auth.url, user.email, user.password), 1)
  })

  describe('with its PostgreSQL stopped', () => {
    let database: PrivateDatabase
    let auth: RunningService
    let user: TestUser
    beforeAll(async () => {
      database = inject('databaseKind') === 'postgres' ? await startPrivatePostgres() : await startPrivateEmbedded()
      auth = await startAuth({ ...THROTTLE, DATABASE_URL: database.url })
      user = await signUp(auth.url)
    })
    afterAll(async () => {
      await auth?.close()
      await database?.destroy()
    })

    it('refuses sign-in with 503 and Retry-After, then signs in again once the database is back', async () => {
      await database.stop()
      try {
        for (const password of [user.password, wrongPassword()]) {
          const response = await attempt(auth.url, user.email, password)
          expect(response.status).toBe(503)
          expect(retryAfter(response)).toBeGreaterThanOrEqual(1)
          expect(await response.json()).toMatchObject({ error_code: 'SIGN_IN_UNAVAILABLE' })
        }
      } finally {
        await database.start()
      }
      await expect.poll(async () => (await signIn(auth.url, user)).status, { timeout: 20_000, interval: 500 }).toBe(200)
    })
  })
})
