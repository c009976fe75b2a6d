import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { ensureRedisRunning, redisKeysFor, TEST_REDIS_URL } from '@tasklane/test-kit/redis-server'
import { type RunningService, TRUSTED_ORIGIN, apiCall, randomIp, signOut, signUp, startApi, startAuth } from '../support/test-stack.ts'

const running: RunningService[] = []
afterAll(async () => {
  for (const service of running.reverse()) await service.close()
})

async function instances(authEnv: Record<string, string>) {
  const [auth1, auth2] = await Promise.all([startAuth(authEnv), startAuth(authEnv)])
  const [api1, api2] = await Promise.all([startApi(auth1.url), startApi(auth2.url)])
  running.push(auth1, auth2, api1, api2)
  return { auth1, auth2, api1, api2 }
}

async function signInAttempts(urls: string[], email: string, ip: string): Promise<number[]> {
  const statuses: number[] = []
  for (const url of urls) {
    const response = await fetch(`${url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, 'x-forwarded-for': ip },
      body: JSON.stringify({ email, password: 'wrong-password' }),
    })
    statuses.push(response.status)
  }
  return statuses
}

const redisAnswers = await ensureRedisRunning()
if (!redisAnswers) console.error(`\n*** REDIS TESTS SKIPPED: no Redis answers at ${TEST_REDIS_URL} (set TEST_REDIS_URL, or apt-get install redis-server). ***\n`)

// Both kinds of database are a real PostgreSQL server that several processes share.
describe(`two auth and two api instances on one ${inject('databaseKind')} PostgreSQL`, () => {
  describe.each([
    ['and one Redis', { REDIS_URL: TEST_REDIS_URL }],
    ['with rate limits in the database', { RATE_LIMIT_STORAGE: 'database' }],
  ])('%s', (_name, env) => {
    let stack: Awaited<ReturnType<typeof instances>>
    beforeAll(async () => {
      if ('REDIS_URL' in env && !redisAnswers) return
      stack = await instances(env)
    })

    const needsServers = it.skipIf('REDIS_URL' in env && !redisAnswers)

    needsServers('accepts a session made on one instance at the other, and refuses it there right after sign-out on the first', async () => {
      const { auth1, api1, api2 } = stack
      const user = await signUp(auth1.url)
      const viaOther = apiCall(api2.url, user.cookie)
      expect((await viaOther('POST', `/api/${user.userId}/tasks`, { title: 'made via instance 2' })).status).toBe(201)
      const list = await apiCall(api1.url, user.cookie)('GET', `/api/${user.userId}/tasks`)
      expect(((await list.json()) as { tasks: Array<{ title: string }> }).tasks.map((task) => task.title)).toEqual(['made via instance 2'])

      expect((await signOut(auth1.url, user.cookie)).status).toBe(200)
      expect((await viaOther('GET', `/api/${user.userId}/tasks`)).status).toBe(401)
    })

    needsServers('counts a rate limit across both instances', async () => {
      const { auth1, auth2 } = stack
      const user = await signUp(auth1.url)
      const statuses = await signInAttempts([auth1.url, auth2.url, auth1.url, auth2.url, auth1.url, auth2.url, auth1.url], user.email, randomIp())
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
      expect(statuses.slice(5)).toEqual([429, 429])
    })
  })

  it.skipIf(!redisAnswers)('turning Redis on signs nobody out, and live sessions are then kept in Redis', async () => {
    const before = await startAuth()
    running.push(before)
    const user = await signUp(before.url)
    const withRedis = await startAuth({ REDIS_URL: TEST_REDIS_URL })
    const api = await startApi(withRedis.url)
    running.push(withRedis, api)
    expect((await apiCall(api.url, user.cookie)('GET', `/api/${user.userId}/tasks`)).status).toBe(200)

    const fresh = await signUp(withRedis.url)
    const token = fresh.cookie.split('=')[1]?.split('.')[0] ?? ''
    expect(await redisKeysFor(token)).not.toEqual([])
  })
})
