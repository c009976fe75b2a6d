import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { noteSecrets } from '../support/service-logs.ts'
import {
  type RunningService,
  type TestUser,
  TRUSTED_ORIGIN,
  apiCall,
  randomIp,
  sessionCookie,
  signIn,
  signUp,
  startApi,
  startAuth,
  startWebForwarder,
} from '../support/test-stack.ts'

/**
 * The settings page's account flows over HTTP, as the browser makes them: through the web origin's forwarder
 * (its allowlist and token stripping), to a real auth and api on the shared database. Rename, change password,
 * the user's own sessions (listed without tokens, revoked by id, and never another user's), deleting the account
 * (and everything with it), and "download my data".
 */

let auth: RunningService
let api: RunningService
let web: RunningService
let database: pg.Client

beforeAll(async () => {
  auth = await startAuth()
  api = await startApi(auth.url)
  web = await startWebForwarder(auth.url, api.url)
  database = new pg.Client({ connectionString: inject('databaseUrl') })
  await database.connect()
})
afterAll(async () => {
  await database?.end()
  await web?.close()
  await api?.close()
  await auth?.close()
})

interface OwnSession {
  id: string
  createdAt: string
  updatedAt: string
  ipAddress: string | null
  userAgent: string | null
  current: boolean
}

/** A browser's request to `/api/auth/<path>` on the web origin, from its own client address. */
function authCall(base: string, cookie: string | undefined, ip = randomIp()) {
  return (method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/auth/${path}`, {
      method,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(method === 'POST' ? { origin: TRUSTED_ORIGIN, 'content-type': 'application/json' } : {}),
        'x-forwarded-for': ip,
        ...headers,
      },
      body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
    })
}

/** A second session of `user`, as another browser would get by signing in (its own user agent). */
async function secondSession(user: TestUser, userAgent = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15') {
  const response = await fetch(`${auth.url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, 'x-forwarded-for': randomIp(), 'user-agent': userAgent },
    body: JSON.stringify({ email: user.email, password: user.password }),
  })
  expect(response.status).toBe(200)
  return sessionCookie(response)
}

async function isSignedIn(cookie: string, userId: string): Promise<boolean> {
  const response = await apiCall(api.url, cookie)('GET', `/api/${userId}/tasks`)
  if (response.status !== 200 && response.status !== 401) throw new Error(`unexpected ${response.status}`)
  return response.status === 200
}

async function ownSessions(cookie: string): Promise<OwnSession[]> {
  const response = await authCall(web.url, cookie)('GET', 'list-own-sessions')
  expect(response.status).toBe(200)
  return ((await response.json()) as { sessions: OwnSession[] }).sessions
}

function rawToken(cookie: string): string {
  const decoded = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1))
  return decoded.slice(0, decoded.lastIndexOf('.'))
}

async function storedName(userId: string): Promise<string | undefined> {
  const { rows } = await database.query<{ name: string }>('select name from "user" where id = $1', [userId])
  return rows[0]?.name
}

describe('the display name', () => {
  it('is changed, trimmed, and read back by get-session', async () => {
    const user = await signUp(auth.url)
    const call = authCall(web.url, user.cookie)
    const response = await call('POST', 'update-user', { name: '  Ada Lovelace  ' })
    expect(response.status).toBe(200)
    expect(await storedName(user.userId)).toBe('Ada Lovelace')
    const session = (await (await call('GET', 'get-session')).json()) as { user: { name: string } }
    expect(session.user.name).toBe('Ada Lovelace')
  })

  it.each([
    ['empty', { name: '' }],
    ['only spaces', { name: '    ' }],
    ['101 characters', { name: 'x'.repeat(101) }],
    ['not a string', { name: 42 }],
    ['missing', {}],
    ['with another field', { name: 'Fine', image: 'https://evil.example/x.png' }],
    ['an email change', { name: 'Fine', email: 'someone-else@example.com' }],
  ])('refuses a name that is %s, and changes nothing', async (_name, body) => {
    const user = await signUp(auth.url)
    const response = await authCall(web.url, user.cookie)('POST', 'update-user', body)
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'INVALID_NAME' })
    expect(await storedName(user.userId)).toBe('Test User')
    const { rows } = await database.query<{ image: string | null; email: string }>('select image, email from "user" where id = $1', [user.userId])
    expect(rows[0]).toEqual({ image: null, email: user.email })
  })

  it('takes 100 characters', async () => {
    const user = await signUp(auth.url)
    expect((await authCall(web.url, user.cookie)('POST', 'update-user', { name: 'n'.repeat(100) })).status).toBe(200)
    expect(await storedName(user.userId)).toBe('n'.repeat(100))
  })
})

describe('changing the password', () => {
  it('needs the current password: a wrong one is refused and changes nothing, and no session ends', async () => {
    const user = await signUp(auth.url)
    const other = await secondSession(user)
    const response = await authCall(web.url, user.cookie)('POST', 'change-password', { currentPassword: 'not-my-password', newPassword: 'a-brand-new-password', revokeOtherSessions: true })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'INVALID_PASSWORD' })
    expect((await signIn(auth.url, user)).status).toBe(200)
    expect((await signIn(auth.url, { email: user.email, password: 'a-brand-new-password' })).status).toBe(401)
    expect(await isSignedIn(user.cookie, user.userId)).toBe(true)
    expect(await isSignedIn(other, user.userId)).toBe(true)
  })

  it('follows the sign-up rules for the new password', async () => {
    const user = await signUp(auth.url)
    const response = await authCall(web.url, user.cookie)('POST', 'change-password', { currentPassword: user.password, newPassword: 'short', revokeOtherSessions: true })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'PASSWORD_TOO_SHORT' })
    expect((await signIn(auth.url, user)).status).toBe(200)
  })

  it('signs every other session out and keeps this browser signed in with a new cookie, whose token is not in the body', async () => {
    const user = await signUp(auth.url)
    const other = await secondSession(user)
    const newPassword = `changed-${crypto.randomUUID()}`
    noteSecrets(newPassword)
    const response = await authCall(web.url, user.cookie)('POST', 'change-password', { currentPassword: user.password, newPassword, revokeOtherSessions: true })
    expect(response.status).toBe(200)
    const renewed = sessionCookie(response)
    const text = await response.text()
    expect(text).not.toMatch(/"token"/)
    expect(text).not.toContain(rawToken(renewed))
    expect(await isSignedIn(renewed, user.userId)).toBe(true)
    expect(await isSignedIn(other, user.userId)).toBe(false)
    // Better Auth replaces the session it was asked from, too: the new cookie is the one that counts.
    expect(await isSignedIn(user.cookie, user.userId)).toBe(false)
    expect((await signIn(auth.url, user)).status).toBe(401)
    expect((await signIn(auth.url, { email: user.email, password: newPassword })).status).toBe(200)
  })
})

describe("the user's own sessions", () => {
  it('are listed with what they are and when they were used, this one marked, and no token', async () => {
    const user = await signUp(auth.url)
    const other = await secondSession(user)
    const sessions = await ownSessions(user.cookie)
    expect(sessions).toHaveLength(2)
    expect(sessions.filter((session) => session.current)).toHaveLength(1)
    const safari = sessions.find((session) => !session.current)
    expect(safari?.userAgent).toContain('Safari/605')
    expect(safari?.ipAddress).toMatch(/^10\./)
    for (const session of sessions) {
      expect(Object.keys(session).sort()).toEqual(['createdAt', 'current', 'expiresAt', 'id', 'ipAddress', 'updatedAt', 'userAgent'])
      expect(Date.parse(session.createdAt)).toBeLessThanOrEqual(Date.parse(session.updatedAt))
    }
    // Straight from auth as well: no token is ever in this answer, not only after the web origin strips it.
    const direct = await (await authCall(auth.url, user.cookie)('GET', 'list-own-sessions')).text()
    for (const token of [rawToken(user.cookie), rawToken(other)]) expect(direct).not.toContain(token)
    expect(direct).not.toMatch(/"token"/)
  })

  it('needs a session: none, or a signed-out one, is 401', async () => {
    expect((await authCall(web.url, undefined)('GET', 'list-own-sessions')).status).toBe(401)
    expect((await authCall(web.url, 'better-auth.session_token=forged.value')('GET', 'list-own-sessions')).status).toBe(401)
  })

  it('are revoked one by one: the revoked one is gone from the list and signed out on its next request, this one stays', async () => {
    const user = await signUp(auth.url)
    const other = await secondSession(user)
    const third = await secondSession(user)
    const before = await ownSessions(third)
    const target = before.find((session) => !session.current && session.userAgent?.includes('Safari'))
    const [otherId] = (await ownSessions(other)).filter((session) => session.current).map((session) => session.id)
    expect(target).toBeDefined()
    const response = await authCall(web.url, user.cookie)('POST', 'revoke-own-session', { id: otherId })
    expect(response.status).toBe(200)
    expect(await isSignedIn(other, user.userId)).toBe(false)
    expect(await isSignedIn(user.cookie, user.userId)).toBe(true)
    expect(await isSignedIn(third, user.userId)).toBe(true)
    const after = await ownSessions(user.cookie)
    expect(after.map((session) => session.id)).not.toContain(otherId)
    expect(after).toHaveLength(2)
  })

  it("never reach another user's session: not by its id, not through Better Auth's revoke-session with its token", async () => {
    const alice = await signUp(auth.url)
    const bob = await signUp(auth.url)
    const [aliceSession] = await ownSessions(alice.cookie)
    if (!aliceSession) throw new Error('alice has no session')
    // Bob knows Alice's session id: it is not among his, so nothing is revoked.
    const byId = await authCall(web.url, bob.cookie)('POST', 'revoke-own-session', { id: aliceSession.id })
    expect(byId.status).toBe(200)
    expect(await isSignedIn(alice.cookie, alice.userId)).toBe(true)
    // Bob even has Alice's raw token: Better Auth's own endpoint (not reachable through the web origin) refuses too.
    const byToken = await authCall(auth.url, bob.cookie)('POST', 'revoke-session', { token: rawToken(alice.cookie) })
    expect(byToken.status).toBe(200)
    expect(await isSignedIn(alice.cookie, alice.userId)).toBe(true)
    expect((await authCall(web.url, bob.cookie)('POST', 'revoke-session', { token: rawToken(alice.cookie) })).status).toBe(404)
    // And her list is hers alone.
    expect((await ownSessions(bob.cookie)).map((session) => session.id)).not.toContain(aliceSession.id)
    expect(await isSignedIn(bob.cookie, bob.userId)).toBe(true)
  })

  it('refuses an id that is not a string, or too long, with 400 and revokes nothing', async () => {
    const user = await signUp(auth.url)
    for (const body of [{}, { id: 42 }, { id: '' }, { id: 'x'.repeat(256) }]) {
      expect((await authCall(web.url, user.cookie)('POST', 'revoke-own-session', body)).status, JSON.stringify(body)).toBe(400)
    }
    expect(await isSignedIn(user.cookie, user.userId)).toBe(true)
  })

  it('"sign out everywhere else" ends every other session and keeps this one', async () => {
    const user = await signUp(auth.url)
    const others = [await secondSession(user), await secondSession(user)]
    expect((await authCall(web.url, user.cookie)('POST', 'revoke-other-sessions', {})).status).toBe(200)
    for (const other of others) expect(await isSignedIn(other, user.userId)).toBe(false)
    expect(await isSignedIn(user.cookie, user.userId)).toBe(true)
    expect(await ownSessions(user.cookie)).toHaveLength(1)
  })

  it('are rate limited: revoking and renaming from one address hit 429', async () => {
    const user = await signUp(auth.url)
    const call = authCall(web.url, user.cookie, randomIp())
    const revokes = []
    for (let attempt = 0; attempt < 12; attempt++) revokes.push((await call('POST', 'revoke-own-session', { id: 'no-such-session' })).status)
    expect(revokes).toContain(429)
    const renames = []
    for (let attempt = 0; attempt < 12; attempt++) renames.push((await call('POST', 'update-user', { name: `Name ${attempt}` })).status)
    expect(renames).toContain(429)
  })
})

/** Everything stored for one user, table by table. */
async function rowsOf(userId: string) {
  const count = async (sql: string) => Number((await database.query<{ count: string }>(sql, [userId])).rows[0]?.count)
  return {
    user: await count('select count(*) from "user" where id = $1'),
    account: await count('select count(*) from account where user_id = $1'),
    session: await count('select count(*) from session where user_id = $1'),
    tasks: await count('select count(*) from tasks where user_id = $1'),
    task_lists: await count('select count(*) from task_lists where user_id = $1'),
  }
}

/** A user with a list, two tasks (one in the list) and a second session. */
async function userWithData() {
  const user = await signUp(auth.url)
  const other = await secondSession(user)
  const call = apiCall(api.url, user.cookie)
  const first = (await (await call('POST', `/api/${user.userId}/tasks`, { title: 'Pay rent', due_on: '2026-12-01', priority: 'high' })).json()) as { id: string }
  await call('POST', `/api/${user.userId}/tasks`, { title: 'Read', description: 'Two chapters' })
  // No list routes yet: the list is written as the schema has it.
  const list = await database.query<{ id: string }>(`insert into task_lists (user_id, name, position) values ($1, 'Home', 1) returning id`, [user.userId])
  const listId = list.rows[0]?.id as string
  await database.query('update tasks set list_id = $1 where id = $2', [listId, first.id])
  return { user, other, listId, taskId: first.id }
}

describe('deleting the account', () => {
  it('with the password: the user, their tasks, lists, sessions and sign-in go, and every session is signed out', async () => {
    const { user, other } = await userWithData()
    expect(await rowsOf(user.userId)).toEqual({ user: 1, account: 1, session: 2, tasks: 2, task_lists: 1 })
    const response = await authCall(web.url, user.cookie)('POST', 'delete-user', { password: user.password })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ success: true, message: 'User deleted' })
    expect(response.headers.getSetCookie().some((value) => /^better-auth\.session_token=;.*Max-Age=0/i.test(value))).toBe(true)
    expect(await rowsOf(user.userId)).toEqual({ user: 0, account: 0, session: 0, tasks: 0, task_lists: 0 })
    expect(await isSignedIn(user.cookie, user.userId)).toBe(false)
    expect(await isSignedIn(other, user.userId)).toBe(false)
    expect((await signIn(auth.url, user)).status).toBe(401)
  })

  it('refuses a wrong password and deletes nothing', async () => {
    const { user } = await userWithData()
    const response = await authCall(web.url, user.cookie)('POST', 'delete-user', { password: 'not-my-password' })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'INVALID_PASSWORD' })
    expect(await rowsOf(user.userId)).toEqual({ user: 1, account: 1, session: 2, tasks: 2, task_lists: 1 })
  })

  it('without the password only from a session younger than SESSION_FRESH_AGE', async () => {
    const freshAuth = await startAuth({ SESSION_FRESH_AGE: '3' })
    try {
      const stale = await signUp(freshAuth.url)
      await sleep(3_500)
      const refused = await authCall(freshAuth.url, stale.cookie)('POST', 'delete-user', {})
      expect(refused.status).toBe(400)
      expect(await refused.json()).toMatchObject({ code: 'SESSION_EXPIRED' })
      expect((await rowsOf(stale.userId)).user).toBe(1)
      // The same user, just signed in again: fresh, so no password is asked.
      const fresh = sessionCookie(await signIn(freshAuth.url, stale))
      expect((await authCall(freshAuth.url, fresh)('POST', 'delete-user', {})).status).toBe(200)
      expect(await rowsOf(stale.userId)).toEqual({ user: 0, account: 0, session: 0, tasks: 0, task_lists: 0 })
    } finally {
      await freshAuth.close()
    }
  })

  it('needs a session and a trusted origin', async () => {
    const { user } = await userWithData()
    expect((await authCall(web.url, undefined)('POST', 'delete-user', { password: user.password })).status).toBe(401)
    expect((await authCall(web.url, user.cookie)('POST', 'delete-user', { password: user.password }, { origin: 'https://evil.example' })).status).toBe(403)
    expect((await rowsOf(user.userId)).user).toBe(1)
  })

  it('is rate limited like sign-in', async () => {
    const user = await signUp(auth.url)
    const call = authCall(web.url, user.cookie, randomIp())
    const statuses = []
    for (let attempt = 0; attempt < 7; attempt++) statuses.push((await call('POST', 'delete-user', { password: 'not-my-password' })).status)
    expect(statuses).toContain(429)
    expect((await rowsOf(user.userId)).user).toBe(1)
  })
})

interface AccountExport {
  format: string
  exported_at: string
  profile: { id: string; name: string; email: string; email_verified: boolean; created_at: string }
  lists: { id: string; name: string; position: number }[]
  tasks: {
    id: string
    title: string
    description: string | null
    completed: boolean
    due_on: string | null
    priority: string
    position: number
    list_id: string | null
    created_at: string
  }[]
}

describe('download my data', () => {
  it('is one JSON file of the profile, every list and every task, as an attachment, through the web origin', async () => {
    const { user, listId, taskId } = await userWithData()
    const response = await apiCall(web.url, user.cookie)('GET', `/api/${user.userId}/export`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="tasklane-\d{4}-\d{2}-\d{2}\.json"$/)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = (await response.json()) as AccountExport
    const { rows } = await database.query<{ created_at: Date }>('select created_at from "user" where id = $1', [user.userId])
    expect(body.format).toBe('tasklane-export/1')
    expect(body.profile).toEqual({ id: user.userId, name: 'Test User', email: user.email, email_verified: false, created_at: rows[0]?.created_at.toISOString() })
    expect(body.lists).toEqual([expect.objectContaining({ id: listId, name: 'Home', position: 1 })])
    expect(body.tasks).toHaveLength(2)
    expect(body.tasks.find((task) => task.id === taskId)).toMatchObject({ title: 'Pay rent', due_on: '2026-12-01', priority: 'high', list_id: listId, completed: false })
    expect(body.tasks.find((task) => task.id !== taskId)).toMatchObject({ title: 'Read', description: 'Two chapters', list_id: null, priority: 'none' })
  })

  it('pages through more tasks than one page holds, each once, in the order they were made', async () => {
    const user = await signUp(auth.url)
    // 1,203 tasks: three pages of 500 and a part, several sharing one created_at (the id breaks the tie).
    await database.query(
      `insert into tasks (user_id, title, created_at, position) select $1, 'bulk ' || n, timestamptz '2026-01-01' + (n / 3) * interval '1 ms', n from generate_series(1, 1203) n`,
      [user.userId],
    )
    const body = (await (await apiCall(web.url, user.cookie)('GET', `/api/${user.userId}/export`)).json()) as AccountExport
    expect(body.tasks).toHaveLength(1203)
    expect(new Set(body.tasks.map((task) => task.id)).size).toBe(1203)
    expect(body.tasks.map((task) => task.position).sort((a, b) => a - b)).toEqual(Array.from({ length: 1203 }, (_, index) => index + 1))
    const times = body.tasks.map((task) => Date.parse(task.created_at))
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })

  it("is another user's: 403 with none of their data; no session: 401", async () => {
    const { user } = await userWithData()
    const intruder = await signUp(auth.url)
    const response = await apiCall(web.url, intruder.cookie)('GET', `/api/${user.userId}/export`)
    expect(response.status).toBe(403)
    const text = await response.text()
    expect(text).not.toContain('Pay rent')
    expect(text).not.toContain(user.email)
    expect(JSON.parse(text)).toMatchObject({ error_code: 'FORBIDDEN' })
    expect((await apiCall(web.url, undefined)('GET', `/api/${user.userId}/export`)).status).toBe(401)
  })
})
