import type { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import {
  REDIS_SERVER_BIN,
  type RedisRelay,
  redisServerInstalled,
  startRedisRelay,
  startThrowawayRedis,
  type ThrowawayRedis,
} from '@tasklane/test-kit/redis-server'
import { noteSecrets } from '../support/service-logs.ts'
import {
  type RunningService,
  TRUSTED_ORIGIN,
  type TestUser,
  apiCall,
  sessionCookie,
  signIn,
  signOut,
  signUp,
  startApi,
  startAuth,
  startWebForwarder,
} from '../support/test-stack.ts'

// Every test here starts its own redis-server, so it can stop, kill and restart it (never the machine's Redis).
const installed = redisServerInstalled()
if (!installed) console.error(`\n*** REDIS OUTAGE TESTS SKIPPED: no redis-server at ${REDIS_SERVER_BIN} (apt-get install redis-server, or set REDIS_SERVER_BIN). ***\n`)

const cleanups: Array<() => Promise<unknown>> = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})
const running = <T extends RunningService | ThrowawayRedis | RedisRelay>(thing: T): T => {
  cleanups.push(() => ('destroy' in thing ? thing.destroy() : thing.close()))
  return thing
}

const tokenOf = (cookie: string) => decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1)).split('.')[0] ?? ''
const sessionKeys = (redis: Redis, cookie: string) => redis.keys(`tasklane:auth:${tokenOf(cookie)}`)

/** get-session's status and the user it names (`null` for its `200 null`). */
async function sessionAt(url: string, cookie: string): Promise<{ status: number; userId: string | null }> {
  const response = await fetch(`${url}/api/auth/get-session`, { headers: { cookie } })
  const text = await response.text()
  if (response.status !== 200) return { status: response.status, userId: null }
  const body = JSON.parse(text) as { user?: { id?: string } } | null
  return { status: 200, userId: body?.user?.id ?? null }
}

const listStatus = async (apiUrl: string, userId: string, cookie: string) => (await apiCall(apiUrl, cookie)('GET', `/api/${userId}/tasks`)).status

async function changePasswordRevokingOthers(authUrl: string, user: TestUser, cookie: string): Promise<Response> {
  const newPassword = `${user.password}-changed`
  noteSecrets(newPassword)
  return fetch(`${authUrl}/api/auth/change-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, cookie },
    body: JSON.stringify({ currentPassword: user.password, newPassword, revokeOtherSessions: true }),
  })
}

/** Polls auth's /ready until it reports Redis as `redis` (Redis reconnects with back-off: seconds, on a loaded machine). */
async function expectRedisReported(authUrl: string, redis: 'ok' | 'unreachable') {
  const expected = { status: redis === 'ok' ? 'ready' : 'degraded', database: 'ok', redis }
  // Still 200 without Redis: auth serves everything from PostgreSQL, so it must stay in a load balancer's rotation.
  await expect
    .poll(async () => {
      const ready = await fetch(`${authUrl}/ready`)
      return { status: ready.status, body: (await ready.json()) as unknown }
    }, { timeout: 20_000, interval: 100 })
    .toEqual({ status: 200, body: expected })
}

describe.skipIf(!installed)('Redis fails under auth', () => {
  describe.each([
    ['and comes back empty (no persistence)', false],
    ['and comes back from an RDB snapshot older than the sign-outs (persistence)', true],
  ])('%s', (_name, persistence) => {
    it('keeps answering from PostgreSQL, and no session that ended is ever answered from Redis', async () => {
      const redis = running(await startThrowawayRedis({ persistence }))
      const auth = running(await startAuth({ REDIS_URL: redis.url }))
      const api = running(await startApi(auth.url))
      const web = running(await startWebForwarder(auth.url, api.url))

      const live = await signUp(auth.url)
      const signedOutBefore = await signUp(auth.url)
      const signedOutDuring = await signUp(auth.url)
      const changer = await signUp(auth.url)
      const changerOtherDevice = sessionCookie(await signIn(auth.url, changer))
      const copiedToRedis = [live.cookie, signedOutBefore.cookie, signedOutDuring.cookie, changer.cookie, changerOtherDevice]
      for (const cookie of copiedToRedis) expect(await sessionKeys(redis.client, cookie)).toHaveLength(1)

      // With persistence, the snapshot the restart will load still holds every one of these sessions.
      if (persistence) await redis.save()
      expect((await signOut(auth.url, signedOutBefore.cookie)).status).toBe(200)
      expect(await sessionKeys(redis.client, signedOutBefore.cookie)).toEqual([])

      if (persistence) await redis.kill()
      else await redis.stop()
      await expectRedisReported(auth.url, 'unreachable')

      // get-session answers from PostgreSQL: live sessions stay signed in, ended ones stay ended.
      const liveSession = {
        via_auth: await sessionAt(auth.url, live.cookie),
        via_web: await sessionAt(web.url, live.cookie),
        via_api: await listStatus(api.url, live.userId, live.cookie),
      }
      // Straight to PostgreSQL, without waiting on Redis's reconnection attempts each time.
      const checkMs: number[] = []
      for (let check = 0; check < 5; check++) {
        const began = performance.now()
        expect((await sessionAt(auth.url, live.cookie)).userId).toBe(live.userId)
        checkMs.push(Math.round(performance.now() - began))
      }
      // Sign-out and password changes complete for real: in PostgreSQL, which every later read checks.
      const signedOut = await signOut(auth.url, signedOutDuring.cookie)
      const changed = await changePasswordRevokingOthers(auth.url, changer, changer.cookie)
      const during = { live_session: liveSession, sign_out: signedOut.status, change_password: changed.status }
      process.stdout.write(`${JSON.stringify({ test: 'redis-outage', persistence, during, get_session_ms: checkMs })}\n`)
      expect(checkMs.sort((a, b) => a - b)[2]).toBeLessThan(400)
      expect(during).toEqual({
        live_session: { via_auth: { status: 200, userId: live.userId }, via_web: { status: 200, userId: live.userId }, via_api: 200 },
        sign_out: 200,
        change_password: 200,
      })
      const changerNew = sessionCookie(changed)
      expect({
        signed_out_via_api: await listStatus(api.url, signedOutDuring.userId, signedOutDuring.cookie),
        signed_out_get_session: await sessionAt(web.url, signedOutDuring.cookie),
        other_device_via_api: await listStatus(api.url, changer.userId, changerOtherDevice),
        new_session_via_api: await listStatus(api.url, changer.userId, changerNew),
      }).toEqual({
        signed_out_via_api: 401,
        signed_out_get_session: { status: 200, userId: null },
        other_device_via_api: 401,
        new_session_via_api: 200,
      })

      await redis.start()
      await expectRedisReported(auth.url, 'ok')
      const ended = [signedOutBefore.cookie, signedOutDuring.cookie, changer.cookie, changerOtherDevice]
      // What Redis came back with: with persistence, a copy of every session that ended since the snapshot.
      for (const cookie of ended) expect(await sessionKeys(redis.client, cookie)).toHaveLength(persistence ? 1 : 0)

      for (const [user, cookie] of [
        [signedOutBefore, signedOutBefore.cookie],
        [signedOutDuring, signedOutDuring.cookie],
        [changer, changer.cookie],
        [changer, changerOtherDevice],
      ] as const) {
        expect(await sessionAt(auth.url, cookie)).toEqual({ status: 200, userId: null })
        expect(await sessionAt(web.url, cookie)).toEqual({ status: 200, userId: null })
        expect(await listStatus(api.url, user.userId, cookie)).toBe(401)
      }
      // The stale copies were deleted on sight.
      for (const cookie of ended) expect(await sessionKeys(redis.client, cookie)).toEqual([])
      expect(await sessionAt(auth.url, live.cookie)).toEqual({ status: 200, userId: live.userId })
      expect(await listStatus(api.url, changer.userId, changerNew)).toBe(200)
    })
  })

  it('when one auth instance loses Redis and another does not, what the first ends is refused by the second', async () => {
    const redis = running(await startThrowawayRedis({ persistence: false }))
    const relay = running(await startRedisRelay(redis.port))
    const cutOff = running(await startAuth({ REDIS_URL: relay.url }))
    const connected = running(await startAuth({ REDIS_URL: redis.url }))
    const api = running(await startApi(connected.url))

    const signingOut = await signUp(cutOff.url)
    const changer = await signUp(connected.url)
    const changerOtherDevice = sessionCookie(await signIn(connected.url, changer))
    for (const cookie of [signingOut.cookie, changer.cookie, changerOtherDevice]) {
      expect(await sessionKeys(redis.client, cookie)).toHaveLength(1)
      expect((await sessionAt(connected.url, cookie)).userId).not.toBeNull()
    }

    relay.cut()
    await expectRedisReported(cutOff.url, 'unreachable')
    await expectRedisReported(connected.url, 'ok')

    expect((await signOut(cutOff.url, signingOut.cookie)).status).toBe(200)
    const changed = await changePasswordRevokingOthers(cutOff.url, changer, changer.cookie)
    expect(changed.status).toBe(200)
    const changerNew = sessionCookie(changed)
    // The instance that lost Redis could not delete its copies: Redis still holds every one.
    for (const cookie of [signingOut.cookie, changer.cookie, changerOtherDevice]) expect(await sessionKeys(redis.client, cookie)).toHaveLength(1)

    // The instance that kept Redis finds those copies and refuses them all the same.
    expect(await sessionAt(connected.url, signingOut.cookie)).toEqual({ status: 200, userId: null })
    expect(await listStatus(api.url, signingOut.userId, signingOut.cookie)).toBe(401)
    expect(await listStatus(api.url, changer.userId, changer.cookie)).toBe(401)
    expect(await listStatus(api.url, changer.userId, changerOtherDevice)).toBe(401)
    expect(await listStatus(api.url, changer.userId, changerNew)).toBe(200)

    relay.restore()
    await expectRedisReported(cutOff.url, 'ok')
    for (const cookie of [signingOut.cookie, changer.cookie, changerOtherDevice]) {
      expect(await sessionAt(cutOff.url, cookie)).toEqual({ status: 200, userId: null })
      expect(await sessionAt(connected.url, cookie)).toEqual({ status: 200, userId: null })
    }
  })
})

describe.skipIf(!installed)('what auth reads from Redis', () => {
  it('never names a user PostgreSQL does not have behind that session token', async () => {
    const redis = running(await startThrowawayRedis({ persistence: false }))
    const auth = running(await startAuth({ REDIS_URL: redis.url }))
    const victim = await signUp(auth.url)
    const holder = await signUp(auth.url)
    const stored = async (cookie: string) => {
      const key = `tasklane:auth:${tokenOf(cookie)}`
      return { key, record: JSON.parse((await redis.client.get(key)) ?? 'null') as { session: object; user: object } }
    }
    const [held, victims] = [await stored(holder.cookie), await stored(victim.cookie)]
    // Someone who can write to Redis rewrites the holder's live session record to name the victim instead.
    const forged = { session: { ...held.record.session, userId: victim.userId }, user: victims.record.user }
    await redis.client.set(held.key, JSON.stringify(forged), 'EX', 600)

    // The copy is refused; the session itself is live in PostgreSQL, and it is the holder's.
    expect(await sessionAt(auth.url, holder.cookie)).toEqual({ status: 200, userId: holder.userId })
  })

  it('refuses a copy of a session that has expired in PostgreSQL, however long the copy says it lasts', async () => {
    const redis = running(await startThrowawayRedis({ persistence: false }))
    const auth = running(await startAuth({ REDIS_URL: redis.url }))
    const user = await signUp(auth.url)
    expect(await sessionAt(auth.url, user.cookie)).toEqual({ status: 200, userId: user.userId })
    const database = new pg.Client({ connectionString: inject('databaseUrl') })
    await database.connect()
    try {
      await database.query(`update "session" set expires_at = now() - interval '1 second' where token = $1`, [tokenOf(user.cookie)])
    } finally {
      await database.end()
    }
    expect(await sessionKeys(redis.client, user.cookie)).toHaveLength(1)
    expect(await sessionAt(auth.url, user.cookie)).toEqual({ status: 200, userId: null })
  })
})
