import { randomBytes } from 'node:crypto'
import { withDatabase } from './databases.ts'

export const BENCH_ORIGIN = 'http://localhost:3000'

export interface BenchUser {
  userId: string
  /** `better-auth.session_token=…`, ready for a Cookie header. */
  cookie: string
  /** The raw session token (the part before the signature), to find the session's keys in Redis. */
  token: string
}

/** Signs a user up through auth, the way the web form does; the session arrives only as a cookie. */
export async function signUpUser(authUrl: string): Promise<BenchUser> {
  const suffix = randomBytes(6).toString('hex')
  const response = await fetch(`${authUrl}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: BENCH_ORIGIN, 'x-forwarded-for': `10.9.${randomBytes(1)[0]}.${randomBytes(1)[0]}` },
    body: JSON.stringify({ email: `bench-${suffix}@example.com`, password: `pw-${suffix}-${suffix}`, name: 'Bench User' }),
  })
  if (response.status !== 200) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`)
  const body = (await response.json()) as { user: { id: string } }
  const setCookie = response.headers.getSetCookie().find((value) => /^(__Secure-)?better-auth\.session_token=/.test(value))
  const cookie = setCookie?.split(';')[0]
  if (!cookie) throw new Error('sign-up answered no session cookie')
  const token = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1)).split('.')[0] ?? ''
  return { userId: body.user.id, cookie, token }
}

/**
 * Fails unless get-session at `authUrl` finds `user`'s session. get-session answers 200 whether or not it finds one
 * (`null` when not), so a scenario that checks only the status would measure an anchor that reads nothing: one
 * whose table or column names do not match Tasklane's schema, or whose secret differs.
 */
export async function assertSessionFound(authUrl: string, user: BenchUser): Promise<void> {
  const response = await fetch(`${authUrl}/api/auth/get-session`, { headers: { cookie: user.cookie } })
  const body = (await response.json()) as { user?: { id?: string } } | null
  if (response.status !== 200 || body?.user?.id !== user.userId)
    throw new Error(`get-session at ${authUrl} did not find the session Tasklane's sign-up made: ${response.status} ${JSON.stringify(body)}`)
}

/**
 * `count` tasks for one user in a single statement (fast even for 100,000), one second apart in
 * `created_at` so the list's sort order is well defined. Returns the ids when asked (for toggling).
 */
export async function insertTasks(databaseUrl: string, userId: string, count: number, { returnIds = false } = {}): Promise<string[]> {
  return withDatabase(databaseUrl, async (client) => {
    const result = await client.query<{ id: string }>(
      `insert into tasks (user_id, title, description, completed, created_at, updated_at)
       select $1, 'Task ' || i, case when i % 3 = 0 then 'Some details for task ' || i end, i % 4 = 0,
              now() - make_interval(secs => i), now() - make_interval(secs => i)
       from generate_series(1, $2::int) as i
       ${returnIds ? 'returning id' : ''}`,
      [userId, count],
    )
    if (count > 10_000) await client.query('analyze tasks')
    return result.rows.map((row) => row.id)
  })
}
