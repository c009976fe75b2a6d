import { Secret, TOTP } from 'otpauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { noteSecrets } from '../support/service-logs.ts'
import { type RunningService, type TestUser, TRUSTED_ORIGIN, randomIp, signUp, startAuth } from '../support/test-stack.ts'

/**
 * Two-factor sign-in over HTTP, as the browser drives it: turning it on (password, then a code from the secret it
 * showed, computed here with `otpauth` as an authenticator app would), the second sign-in step it then demands, and
 * the backup codes. Every request comes from its own address, so the per-IP limits stay out of the way until the last
 * test, which is about them.
 */
let auth: RunningService
beforeAll(async () => {
  auth = await startAuth()
})
afterAll(() => auth?.close())

/** The cookies one browser holds for auth: every `Set-Cookie` applied, a `Max-Age=0` one removed. */
class CookieJar {
  private readonly cookies = new Map<string, string>()
  constructor(initial?: string) {
    if (initial) this.set(initial)
  }
  take(response: Response): Response {
    for (const header of response.headers.getSetCookie()) {
      const pair = header.split(';')[0] ?? ''
      if (/;\s*max-age=0/i.test(header)) this.cookies.delete(pair.slice(0, pair.indexOf('=')))
      else this.set(pair)
    }
    return response
  }
  has(name: string): boolean {
    return this.cookies.has(name)
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }
  private set(pair: string) {
    const at = pair.indexOf('=')
    this.cookies.set(pair.slice(0, at), pair.slice(at + 1))
    if (pair.startsWith('better-auth.session_token=')) noteSecrets(pair)
  }
}

async function post(jar: CookieJar, path: string, body: unknown, ip = randomIp()): Promise<Response> {
  const response = await fetch(`${auth.url}/api/auth/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, cookie: jar.header(), 'x-forwarded-for': ip },
    body: JSON.stringify(body),
  })
  return jar.take(response)
}

async function sessionUser(jar: CookieJar): Promise<{ id: string; twoFactorEnabled: boolean } | null> {
  const response = await fetch(`${auth.url}/api/auth/get-session`, { headers: { cookie: jar.header() } })
  const body = (await response.json()) as { user: { id: string; twoFactorEnabled: boolean } } | null
  return body?.user ?? null
}

interface TwoFactorUser extends TestUser {
  totp: TOTP
  backupCodes: string[]
}

/** Signs a user up and turns two-factor on the way the settings page does; the secret and codes are noted for the log scan. */
async function userWithTwoFactor(): Promise<TwoFactorUser> {
  const user = await signUp(auth.url)
  const jar = new CookieJar(user.cookie)
  const enabled = await post(jar, 'two-factor/enable', { password: user.password })
  expect(enabled.status).toBe(200)
  const { totpURI, backupCodes } = (await enabled.json()) as { totpURI: string; backupCodes: string[] }
  const secret = new URL(totpURI).searchParams.get('secret') ?? ''
  noteSecrets(secret, totpURI, ...backupCodes)
  expect(backupCodes).toHaveLength(10)
  // Shown, not on yet: the account only asks for a code once one has been confirmed.
  expect((await sessionUser(jar))?.twoFactorEnabled).toBe(false)
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 })
  const confirmed = await post(jar, 'two-factor/verify-totp', { code: totp.generate() })
  expect(confirmed.status).toBe(200)
  // Turning it on swaps the session for a new one; the browser keeps working with the cookie it was given.
  expect(await sessionUser(jar)).toMatchObject({ id: user.userId, twoFactorEnabled: true })
  return { ...user, totp, backupCodes }
}

/** The first sign-in step: right password, no session yet, a pending two-factor cookie. */
async function passwordStep(user: TestUser): Promise<CookieJar> {
  const jar = new CookieJar()
  const response = await post(jar, 'sign-in/email', { email: user.email, password: user.password })
  expect(response.status).toBe(200)
  expect(await response.json()).toEqual({ twoFactorRedirect: true, twoFactorMethods: ['totp'] })
  expect(jar.has('better-auth.session_token')).toBe(false)
  expect(jar.has('better-auth.two_factor')).toBe(true)
  return jar
}

/** A code for a different 30 s step than now: one the authenticator would not show. */
function wrongCode(totp: TOTP): string {
  return totp.generate({ timestamp: Date.now() + 10 * 60_000 })
}

describe('two-factor sign-in', () => {
  it('is off until a code confirms the secret, and a wrong confirming code keeps it off', async () => {
    const user = await signUp(auth.url)
    const jar = new CookieJar(user.cookie)
    expect((await post(jar, 'two-factor/enable', { password: 'not-the-password' })).status).toBe(400)
    const enabled = await post(jar, 'two-factor/enable', { password: user.password })
    const { totpURI } = (await enabled.json()) as { totpURI: string }
    const secret = new URL(totpURI).searchParams.get('secret') ?? ''
    noteSecrets(secret, totpURI)
    expect(totpURI).toMatch(/^otpauth:\/\/totp\/Tasklane:/)
    const totp = new TOTP({ secret: Secret.fromBase32(secret) })
    expect((await post(jar, 'two-factor/verify-totp', { code: wrongCode(totp) })).status).toBe(401)
    expect((await sessionUser(jar))?.twoFactorEnabled).toBe(false)
    // Signing in still needs only the password.
    const signIn = await post(new CookieJar(), 'sign-in/email', { email: user.email, password: user.password })
    expect(await signIn.json()).toMatchObject({ user: { id: user.userId } })
  })

  it('then asks for a code after the password: a wrong one is refused, the right one signs in', async () => {
    const user = await userWithTwoFactor()
    const jar = await passwordStep(user)
    const refused = await post(jar, 'two-factor/verify-totp', { code: wrongCode(user.totp) })
    expect(refused.status).toBe(401)
    expect(await refused.json()).toMatchObject({ code: 'INVALID_CODE' })
    expect(await sessionUser(jar)).toBeNull()

    const accepted = await post(jar, 'two-factor/verify-totp', { code: user.totp.generate() })
    expect(accepted.status).toBe(200)
    // No raw token in the body (auth-routes.ts): the session is in the HttpOnly cookie only.
    expect(await accepted.json()).not.toHaveProperty('token')
    expect(await sessionUser(jar)).toMatchObject({ id: user.userId })
    expect(jar.has('better-auth.two_factor')).toBe(false)
  })

  it('takes a backup code instead of a code, once', async () => {
    const user = await userWithTwoFactor()
    const [backupCode = ''] = user.backupCodes
    const first = await passwordStep(user)
    expect((await post(first, 'two-factor/verify-backup-code', { code: backupCode })).status).toBe(200)
    expect(await sessionUser(first)).toMatchObject({ id: user.userId })

    const second = await passwordStep(user)
    const reused = await post(second, 'two-factor/verify-backup-code', { code: backupCode })
    expect(reused.status).toBe(401)
    expect(await sessionUser(second)).toBeNull()
    // Another code of the set still works.
    expect((await post(second, 'two-factor/verify-backup-code', { code: user.backupCodes[1] })).status).toBe(200)
    expect(await sessionUser(second)).toMatchObject({ id: user.userId })
  })

  it('cannot skip the second step: the pending cookie alone is no session, and no code means no session', async () => {
    const user = await userWithTwoFactor()
    const jar = await passwordStep(user)
    expect(await sessionUser(jar)).toBeNull()
    expect((await post(jar, 'two-factor/verify-totp', { code: '' })).status).toBe(401)
    // Without the pending cookie a right code signs nobody in.
    expect((await post(new CookieJar(), 'two-factor/verify-totp', { code: user.totp.generate() })).status).toBe(401)
  })

  it('turns off with the password only, and sign-in is one step again', async () => {
    const user = await userWithTwoFactor()
    const jar = await passwordStep(user)
    expect((await post(jar, 'two-factor/verify-totp', { code: user.totp.generate() })).status).toBe(200)
    expect((await post(jar, 'two-factor/disable', { password: 'not-the-password' })).status).toBe(400)
    expect((await sessionUser(jar))?.twoFactorEnabled).toBe(true)
    expect((await post(jar, 'two-factor/disable', { password: user.password })).status).toBe(200)
    expect((await sessionUser(jar))?.twoFactorEnabled).toBe(false)
    const signIn = await post(new CookieJar(), 'sign-in/email', { email: user.email, password: user.password })
    expect(await signIn.json()).toMatchObject({ user: { id: user.userId } })
  })

  it('limits code attempts per client address: the sixth within the window is a 429', async () => {
    const user = await userWithTwoFactor()
    const jar = await passwordStep(user)
    const ip = randomIp()
    const statuses: number[] = []
    for (let attempt = 0; attempt < 6; attempt++) statuses.push((await post(jar, 'two-factor/verify-totp', { code: wrongCode(user.totp) }, ip)).status)
    expect(statuses.slice(0, 5).every((status) => status !== 429)).toBe(true)
    expect(statuses[5]).toBe(429)
  })
})
