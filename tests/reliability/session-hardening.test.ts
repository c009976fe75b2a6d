import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { startPrivateEmbedded, startPrivatePostgres } from '../support/private-database.ts'
import {
  type RunningService,
  TRUSTED_ORIGIN,
  apiCall,
  randomIp,
  sessionCookie,
  signIn,
  signOut,
  signUp,
  startApi,
  startAuth,
} from '../support/test-stack.ts'

const running: RunningService[] = []
afterAll(async () => {
  for (const service of running.reverse()) await service.close()
})

async function stack(authEnv: Record<string, string> = {}, apiEnv: Record<string, string> = {}) {
  const auth = await startAuth(authEnv)
  const api = await startApi(auth.url, apiEnv)
  running.push(auth, api)
  return { auth, api }
}

const listStatus = async (apiUrl: string, userId: string, cookie: string) => (await apiCall(apiUrl, cookie)('GET', `/api/${userId}/tasks`)).status

const authPost = (authUrl: string, path: string, cookie: string, body: unknown) =>
  fetch(`${authUrl}/api/auth${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, cookie },
    body: JSON.stringify(body),
  })

describe('sessions end when they should', () => {
  it('a password change with revokeOtherSessions ends the other devices on their next request', async () => {
    const { auth, api } = await stack()
    const user = await signUp(auth.url)
    const other = sessionCookie(await signIn(auth.url, user))
    const changed = await authPost(auth.url, '/change-password', user.cookie, {
      currentPassword: user.password,
      newPassword: `${user.password}-new`,
      revokeOtherSessions: true,
    })
    expect(changed.status).toBe(200)
    expect(await listStatus(api.url, user.userId, other)).toBe(401)
    expect(await listStatus(api.url, user.userId, sessionCookie(changed))).toBe(200)
  })

  it('"sign out other devices" ends every other session and keeps this one', async () => {
    const { auth, api } = await stack()
    const user = await signUp(auth.url)
    const others = [sessionCookie(await signIn(auth.url, user)), sessionCookie(await signIn(auth.url, user))]
    expect((await authPost(auth.url, '/revoke-other-sessions', user.cookie, {})).status).toBe(200)
    for (const cookie of others) expect(await listStatus(api.url, user.userId, cookie)).toBe(401)
    expect(await listStatus(api.url, user.userId, user.cookie)).toBe(200)
  })

  it('signing in while holding an old session ends the old one', async () => {
    const { auth, api } = await stack()
    const user = await signUp(auth.url)
    const response = await fetch(`${auth.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, cookie: user.cookie, 'x-forwarded-for': randomIp() },
      body: JSON.stringify({ email: user.email, password: user.password }),
    })
    expect(response.status).toBe(200)
    const fresh = sessionCookie(response)
    expect(fresh).not.toBe(user.cookie)
    expect(await listStatus(api.url, user.userId, user.cookie)).toBe(401)
    expect(await listStatus(api.url, user.userId, fresh)).toBe(200)
  })

  it('has an absolute lifetime that sliding refresh cannot extend', async () => {
    const { auth, api } = await stack({ SESSION_EXPIRES_IN: '60', SESSION_UPDATE_AGE: '1', SESSION_ABSOLUTE_LIFETIME: '3' })
    const user = await signUp(auth.url)
    const statuses: number[] = []
    for (let step = 0; step < 6; step++) {
      statuses.push(await listStatus(api.url, user.userId, user.cookie))
      await sleep(700)
    }
    // Active the whole time, refreshed every second, and still over after 3 s.
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200])
    expect(statuses.at(-1)).toBe(401)
    expect(await listStatus(api.url, user.userId, user.cookie)).toBe(401)
  })

  it('past its absolute lifetime a session works on no endpoint, not only get-session, and does not slide there', async () => {
    const { auth, api } = await stack({ SESSION_EXPIRES_IN: '60', SESSION_UPDATE_AGE: '1', SESSION_ABSOLUTE_LIFETIME: '3' })
    const user = await signUp(auth.url)
    const [renamer, changer, revoker] = [sessionCookie(await signIn(auth.url, user)), sessionCookie(await signIn(auth.url, user)), sessionCookie(await signIn(auth.url, user))]
    // Each works while young, so a 401 later is the lifetime and not a refused request.
    expect((await authPost(auth.url, '/update-user', renamer, { name: 'young' })).status).toBe(200)
    await sleep(4_000)
    const answers = [
      await authPost(auth.url, '/update-user', renamer, { name: 'too old' }),
      await authPost(auth.url, '/change-password', changer, { currentPassword: user.password, newPassword: `${user.password}-late` }),
      await authPost(auth.url, '/revoke-sessions', revoker, {}),
    ]
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401])
    // The old password still works: the refused change wrote nothing.
    expect((await signIn(auth.url, user)).status).toBe(200)
    for (const cookie of [renamer, changer, revoker]) expect(await listStatus(api.url, user.userId, cookie)).toBe(401)
  })

  it('20 concurrent sign-ups with one email make exactly one account; the rest get a clean 4xx', async () => {
    const { auth } = await stack({ RATE_LIMIT_SIGN_IN_MAX: '100' })
    const email = `race-${Date.now()}@example.com`
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${auth.url}/api/auth/sign-up/email`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, 'x-forwarded-for': randomIp() },
          body: JSON.stringify({ email, password: 'race-password-123', name: 'Race' }),
        }),
      ),
    )
    const statuses = responses.map((response) => response.status)
    expect(statuses.filter((status) => status === 200)).toHaveLength(1)
    expect(statuses.filter((status) => status >= 500)).toEqual([])
    expect(statuses.every((status) => status === 200 || (status >= 400 && status < 500))).toBe(true)
    const client = new pg.Client({ connectionString: inject('databaseUrl') })
    await client.connect()
    try {
      const { rows } = await client.query<{ count: number }>('select count(*)::int as count from "user" where email = $1', [email])
      expect(rows[0]?.count).toBe(1)
    } finally {
      await client.end()
    }
  })

  it('a sign-out that did not reach the database does not report success, and works once it is back', async () => {
    const database = inject('databaseKind') === 'postgres' ? await startPrivatePostgres() : await startPrivateEmbedded()
    try {
      const { auth, api } = await stack({ DATABASE_URL: database.url }, { DATABASE_URL: database.url })
      const user = await signUp(auth.url)
      await database.stop()
      const failed = await signOut(auth.url, user.cookie)
      expect(failed.status).toBe(503)
      expect(failed.headers.getSetCookie()).toEqual([])
      expect(await failed.json()).toMatchObject({ error_code: 'SIGN_OUT_FAILED' })
      await database.start()
      await expect.poll(() => listStatus(api.url, user.userId, user.cookie), { timeout: 20_000, interval: 250 }).toBe(200)
      expect((await signOut(auth.url, user.cookie)).status).toBe(200)
      expect(await listStatus(api.url, user.userId, user.cookie)).toBe(401)
    } finally {
      await database.destroy()
    }
  })
})
