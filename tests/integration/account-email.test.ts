import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { noteSecrets } from '../support/service-logs.ts'
import { linkTo, readOutbox, waitForMail } from '../support/outbox.ts'
import { type RunningService, TRUSTED_ORIGIN, randomIp, sessionCookie, signIn, signUp, startAuth } from '../support/test-stack.ts'

/**
 * The email-driven account flows over HTTP against a real auth service, reading each email from the dev outbox the way
 * a user would open it: forgot and reset password, email verification, change of address. The SMTP path is in
 * smtp-mail.test.ts.
 */
let auth: RunningService
let strictAuth: RunningService
beforeAll(async () => {
  auth = await startAuth()
  strictAuth = await startAuth({ REQUIRE_EMAIL_VERIFICATION: 'true' })
})
afterAll(async () => {
  await auth?.close()
  await strictAuth?.close()
})

const newAddress = () => `mail-${randomBytes(6).toString('hex')}@example.com`
const newPassword = () => {
  const password = `new-pw-${randomBytes(8).toString('hex')}`
  noteSecrets(password)
  return password
}

function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/api/auth/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, 'x-forwarded-for': randomIp(), ...headers },
    body: JSON.stringify(body),
  })
}

async function getSession(base: string, cookie: string) {
  return (await (await fetch(`${base}/api/auth/get-session`, { headers: { cookie } })).json()) as { user: { email: string; emailVerified: boolean } } | null
}

/** Follows a link from an email as the web origin would forward it to auth: its path and query, from a client of its own. */
function follow(base: string, link: URL, cookie?: string) {
  return fetch(`${base}${link.pathname}${link.search}`, { redirect: 'manual', headers: { 'x-forwarded-for': randomIp(), ...(cookie ? { cookie } : {}) } })
}

const RESET_ANSWER = { status: true, message: 'If this email exists in our system, check your email for the reset link' }

describe('forgot and reset password', () => {
  it('answers the same for a known and an unknown address, and only the owner gets a link to the web origin', async () => {
    const user = await signUp(auth.url)
    const unknown = newAddress()
    const known = await post(auth.url, 'request-password-reset', { email: user.email })
    const stranger = await post(auth.url, 'request-password-reset', { email: unknown })
    expect([known.status, stranger.status]).toEqual([200, 200])
    expect(await known.json()).toEqual(RESET_ANSWER)
    expect(await stranger.json()).toEqual(RESET_ANSWER)

    const mail = await waitForMail(auth.url, user.email, 'Reset your Tasklane password')
    const link = linkTo(mail, '/reset-password')
    expect(link.origin).toBe(TRUSTED_ORIGIN)
    expect(link.searchParams.get('token')).toMatch(/^\w{24}$/)
    expect(mail.html).toContain(`href="${link.href}"`)
    expect(mail.text).toContain('one hour')
    expect(await readOutbox(auth.url, unknown)).toEqual([])
  })

  it('sets the new password once, ends every session of the account, and lets the old password and the link go', async () => {
    const user = await signUp(auth.url)
    const otherSession = sessionCookie(await signIn(auth.url, user))
    await post(auth.url, 'request-password-reset', { email: user.email })
    const token = linkTo(await waitForMail(auth.url, user.email, 'Reset'), '/reset-password').searchParams.get('token') ?? ''

    const password = newPassword()
    const reset = await post(auth.url, 'reset-password', { token, newPassword: password })
    expect(reset.status).toBe(200)
    expect(await getSession(auth.url, user.cookie)).toBeNull()
    expect(await getSession(auth.url, otherSession)).toBeNull()
    expect((await signIn(auth.url, user)).status).toBe(401)
    expect((await signIn(auth.url, { email: user.email, password })).status).toBe(200)

    const again = await post(auth.url, 'reset-password', { token, newPassword: newPassword() })
    expect(again.status).toBe(400)
    expect(await again.json()).toMatchObject({ code: 'INVALID_TOKEN' })
  })

  it('refuses a new password shorter than sign-up allows, and the link still works afterwards', async () => {
    const user = await signUp(auth.url)
    await post(auth.url, 'request-password-reset', { email: user.email })
    const token = linkTo(await waitForMail(auth.url, user.email, 'Reset'), '/reset-password').searchParams.get('token') ?? ''
    const short = await post(auth.url, 'reset-password', { token, newPassword: 'short' })
    expect(short.status).toBe(400)
    expect(await short.json()).toMatchObject({ code: 'PASSWORD_TOO_SHORT' })
    expect((await post(auth.url, 'reset-password', { token, newPassword: newPassword() })).status).toBe(200)
  })

  it('ends an older link once a newer one is sent', async () => {
    const user = await signUp(auth.url)
    await post(auth.url, 'request-password-reset', { email: user.email })
    const first = linkTo(await waitForMail(auth.url, user.email, 'Reset'), '/reset-password').searchParams.get('token') ?? ''
    await post(auth.url, 'request-password-reset', { email: user.email })
    const second = linkTo(await waitForMail(auth.url, user.email, 'Reset', 2), '/reset-password').searchParams.get('token') ?? ''
    expect(second).not.toBe(first)
    expect((await post(auth.url, 'reset-password', { token: first, newPassword: newPassword() })).status).toBe(400)
    expect((await post(auth.url, 'reset-password', { token: second, newPassword: newPassword() })).status).toBe(200)
  })

  it('ends every reset link once the password is changed from the settings', async () => {
    const user = await signUp(auth.url)
    await post(auth.url, 'request-password-reset', { email: user.email })
    const token = linkTo(await waitForMail(auth.url, user.email, 'Reset'), '/reset-password').searchParams.get('token') ?? ''
    const changed = await post(auth.url, 'change-password', { currentPassword: user.password, newPassword: newPassword() }, { cookie: user.cookie })
    expect(changed.status).toBe(200)
    expect((await post(auth.url, 'reset-password', { token, newPassword: newPassword() })).status).toBe(400)
  })

  it('sends one address at most MAIL_PER_ADDRESS_MAX emails per window, and a limited request answers exactly as any other', async () => {
    const user = { email: newAddress() }
    expect((await signUpWithoutSession(strictAuth.url, user.email)).status).toBe(200)
    await waitForMail(strictAuth.url, user.email, 'Verify')
    // The sign-up's email was the first of three; verification emails are never superseded, so each is one email.
    for (let sent = 2; sent <= 3; sent++) {
      const response = await post(strictAuth.url, 'send-verification-email', { email: user.email })
      expect(await response.json()).toEqual({ status: true })
      await waitForMail(strictAuth.url, user.email, 'Verify', sent)
    }
    const limitedResend = await post(strictAuth.url, 'send-verification-email', { email: user.email })
    expect(limitedResend.status).toBe(200)
    expect(await limitedResend.json()).toEqual({ status: true })
    const limitedReset = await post(strictAuth.url, 'request-password-reset', { email: user.email })
    expect(limitedReset.status).toBe(200)
    expect(await limitedReset.json()).toEqual(RESET_ANSWER)
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    const messages = await readOutbox(strictAuth.url, user.email)
    expect(messages.map((message) => message.subject)).toEqual(Array(3).fill('Verify your email for Tasklane'))
  })

  it('limits each client to RATE_LIMIT_SIGN_IN_MAX requests per window, with a 429 that names no address', async () => {
    const client = randomIp()
    const statuses: number[] = []
    for (let attempt = 0; attempt < 7; attempt++) {
      statuses.push((await post(auth.url, 'request-password-reset', { email: newAddress() }, { 'x-forwarded-for': client })).status)
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200])
    expect(statuses.slice(5)).toEqual([429, 429])
  })

  it('answers as fast for an address with an account as for one without (p50s printed)', async () => {
    // Past its per-address share every address gets the same short answer; here each known request must reach Better Auth.
    const timingAuth = await startAuth({ MAIL_PER_ADDRESS_MAX: '1000' })
    try {
      const users = await Promise.all(Array.from({ length: 4 }, () => signUp(timingAuth.url)))
      const timings = await measure(40, (kind, round) =>
        post(timingAuth.url, 'request-password-reset', { email: kind === 'known' ? (users[round % users.length]?.email ?? '') : newAddress() }),
      )
      report('request-password-reset answer time', timings)
      expect(Math.abs(timings.known - timings.unknown)).toBeLessThan(Math.max(3, timings.unknown * 0.5))
    } finally {
      await timingAuth.close()
    }
  })
})

/** p50 answer times, in ms, of `rounds` requests each for a known and an unknown address, interleaved. */
async function measure(rounds: number, send: (kind: 'known' | 'unknown', round: number) => Promise<Response>) {
  const timings = { known: [] as number[], unknown: [] as number[] }
  for (let round = 0; round < rounds; round++) {
    for (const kind of round % 2 ? (['known', 'unknown'] as const) : (['unknown', 'known'] as const)) {
      const started = performance.now()
      const response = await send(kind, round)
      await response.arrayBuffer()
      expect(response.status).toBe(200)
      timings[kind].push(performance.now() - started)
    }
  }
  const p50 = (values: number[]) => Number(([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0).toFixed(2))
  return { known: p50(timings.known), unknown: p50(timings.unknown) }
}

function report(measure: string, timings: { known: number; unknown: number }) {
  process.stdout.write(`${JSON.stringify({ measure, known_p50_ms: timings.known, unknown_p50_ms: timings.unknown })}\n`)
}

/** Sign-up where no session comes back (REQUIRE_EMAIL_VERIFICATION): the password noted, the answer returned. */
async function signUpWithoutSession(base: string, email: string, password = newPassword(), name = 'Strict User') {
  return post(base, 'sign-up/email', { email, password, name })
}

describe('email verification', () => {
  it('sends a link after sign-up; following it verifies the address, signs the browser in and lands on the dashboard, once', async () => {
    const user = await signUp(auth.url)
    expect((await getSession(auth.url, user.cookie))?.user.emailVerified).toBe(false)
    const mail = await waitForMail(auth.url, user.email, 'Verify your email')
    const link = linkTo(mail, '/api/auth/verify-email')
    expect(link.origin).toBe(TRUSTED_ORIGIN)
    expect(link.searchParams.get('callbackURL')).toBe('/dashboard?email-verified=1')

    const followed = await follow(auth.url, link)
    expect(followed.status).toBe(302)
    expect(followed.headers.get('location')).toBe('/dashboard?email-verified=1')
    const cookie = sessionCookie(followed)
    expect((await getSession(auth.url, cookie))?.user.emailVerified).toBe(true)
    expect((await getSession(auth.url, user.cookie))?.user.emailVerified).toBe(true)

    const again = await follow(auth.url, link)
    expect(again.status).toBe(302)
    expect(again.headers.getSetCookie().some((value) => value.includes('session_token='))).toBe(false)
  })

  it('resends the link to a signed-in, unverified user, and refuses one already verified', async () => {
    const user = await signUp(auth.url)
    await waitForMail(auth.url, user.email, 'Verify')
    const resend = await post(auth.url, 'send-verification-email', { email: user.email }, { cookie: user.cookie })
    expect(resend.status).toBe(200)
    const link = linkTo(await waitForMail(auth.url, user.email, 'Verify', 2), '/api/auth/verify-email')
    expect((await follow(auth.url, link, user.cookie)).status).toBe(302)
    const verified = await post(auth.url, 'send-verification-email', { email: user.email }, { cookie: user.cookie })
    expect(verified.status).toBe(400)
  })

  it('escapes the name in the HTML part', async () => {
    const email = newAddress()
    const response = await post(auth.url, 'sign-up/email', { email, password: newPassword(), name: '<img src=x onerror=alert(1)> & "Bob"' })
    expect(response.status).toBe(200)
    sessionCookie(response)
    const mail = await waitForMail(auth.url, email, 'Verify')
    expect(mail.html).not.toContain('<img')
    expect(mail.html).toContain('&#60;img src=x onerror=alert(1)&#62; &#38; &#34;Bob&#34;')
    expect(mail.text).toContain('Hello <img src=x onerror=alert(1)> & "Bob",')
  })
})

describe('REQUIRE_EMAIL_VERIFICATION=true', () => {
  it('refuses sign-in until the address is verified, then signs in', async () => {
    const email = newAddress()
    const password = newPassword()
    const signedUp = await signUpWithoutSession(strictAuth.url, email, password)
    expect(signedUp.status).toBe(200)
    expect(signedUp.headers.getSetCookie()).toEqual([])
    const refused = await signIn(strictAuth.url, { email, password })
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ code: 'EMAIL_NOT_VERIFIED' })

    const link = linkTo(await waitForMail(strictAuth.url, email, 'Verify'), '/api/auth/verify-email')
    expect((await follow(strictAuth.url, link)).status).toBe(302)
    expect((await signIn(strictAuth.url, { email, password })).status).toBe(200)
  })

  it('answers sign-up for a taken address exactly as for a new one, and tells the owner instead', async () => {
    const owner = newAddress()
    expect((await signUpWithoutSession(strictAuth.url, owner, newPassword(), 'Owner')).status).toBe(200)
    const fresh = await signUpWithoutSession(strictAuth.url, newAddress(), newPassword(), 'Someone')
    const taken = await signUpWithoutSession(strictAuth.url, owner, newPassword(), 'Someone')
    expect([fresh.status, taken.status]).toEqual([200, 200])
    expect(taken.headers.getSetCookie()).toEqual([])
    const shape = (body: { token: unknown; user: Record<string, unknown> }) => ({ token: body.token, user: Object.keys(body.user).sort(), name: body.user.name, emailVerified: body.user.emailVerified })
    expect(shape((await taken.json()) as never)).toEqual(shape((await fresh.json()) as never))

    const notice = await waitForMail(strictAuth.url, owner, 'Someone tried to sign up')
    expect(linkTo(notice, '/forgot-password').origin).toBe(TRUSTED_ORIGIN)
    expect(notice.html).toContain('Hello Owner,')
  })

  it('answers sign-up for a taken address about as fast as for a new one (p50s printed)', async () => {
    const owner = newAddress()
    expect((await signUpWithoutSession(strictAuth.url, owner)).status).toBe(200)
    const timings = await measure(12, (kind) => signUpWithoutSession(strictAuth.url, kind === 'known' ? owner : newAddress()))
    report('sign-up answer time, REQUIRE_EMAIL_VERIFICATION=true', timings)
    expect(Math.abs(timings.known - timings.unknown)).toBeLessThan(Math.max(10, timings.unknown * 0.5))
  })
})

describe('change of email address', () => {
  it('takes effect only when the link sent to the new address is followed, and then tells the old address', async () => {
    const user = await signUp(auth.url)
    const next = newAddress()
    const asked = await post(auth.url, 'change-email', { newEmail: next }, { cookie: user.cookie })
    expect(asked.status).toBe(200)
    const mail = await waitForMail(auth.url, next, 'Confirm your new email')
    expect((await getSession(auth.url, user.cookie))?.user.email).toBe(user.email)

    const link = linkTo(mail, '/api/auth/verify-email')
    expect(link.searchParams.get('callbackURL')).toBe('/dashboard?email-changed=1')
    const followed = await follow(auth.url, link, user.cookie)
    expect(followed.status).toBe(302)
    expect(followed.headers.get('location')).toBe('/dashboard?email-changed=1')
    expect((await getSession(auth.url, user.cookie))?.user.email).toBe(next)
    const notice = await waitForMail(auth.url, user.email, 'Your Tasklane email was changed')
    expect(notice.text).toContain(next)
    expect((await signIn(auth.url, { email: next, password: user.password })).status).toBe(200)

    // Used once: the account no longer has the address the link was for.
    const again = await follow(auth.url, link)
    expect(again.headers.get('location')).toContain('error=INVALID_TOKEN')
    expect((await readOutbox(auth.url, user.email)).filter((message) => message.subject.includes('was changed'))).toHaveLength(1)
  })

  it('refuses the address the account already has, with a code', async () => {
    const user = await signUp(auth.url)
    const same = await post(auth.url, 'change-email', { newEmail: user.email.toUpperCase() }, { cookie: user.cookie })
    expect(same.status).toBe(400)
    expect(await same.json()).toMatchObject({ code: 'EMAIL_UNCHANGED' })
  })

  it('answers a taken address as any other, and sends nothing to it', async () => {
    const user = await signUp(auth.url)
    const other = await signUp(auth.url)
    const asked = await post(auth.url, 'change-email', { newEmail: other.email }, { cookie: user.cookie })
    expect(asked.status).toBe(200)
    expect(await asked.json()).toEqual({ status: true })
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect((await readOutbox(auth.url, other.email)).filter((message) => message.subject.includes('Confirm'))).toEqual([])
  })
})

describe('the dev outbox on auth', () => {
  it('lists at most the newest 50 messages, newest first, and refuses an empty or overlong address', async () => {
    const all = (await (await fetch(`${auth.url}/dev/outbox`)).json()) as { messages: { created_at: string }[] }
    expect(all.messages.length).toBeGreaterThan(0)
    expect(all.messages.length).toBeLessThanOrEqual(50)
    const times = all.messages.map((message) => message.created_at)
    expect(times).toEqual([...times].sort().reverse())
    for (const to of ['', 'a'.repeat(321)]) {
      const refused = await fetch(`${auth.url}/dev/outbox?${new URLSearchParams({ to })}`)
      expect(refused.status).toBe(422)
      expect(await refused.json()).toMatchObject({ error_code: 'VALIDATION_FAILED' })
    }
  })

  it('refuses a verification link that would land anywhere but a path of this site', async () => {
    for (const callbackURL of ['//evil.example', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const response = await fetch(`${auth.url}/api/auth/verify-email?${new URLSearchParams({ token: 'not-a-token', callbackURL })}`, { redirect: 'manual' })
      expect(response.status, callbackURL).toBe(400)
      expect(await response.json()).toMatchObject({ error_code: 'INVALID_CALLBACK_URL' })
    }
  })

  it('is not there in production', async () => {
    const production = await startAuth({ NODE_ENV: 'production', BETTER_AUTH_URL: TRUSTED_ORIGIN, SMTP_URL: 'smtp://127.0.0.1:9', MAIL_FROM: 'Tasklane <no-reply@example.com>' })
    try {
      const response = await fetch(`${production.url}/dev/outbox`)
      expect(response.status).toBe(404)
      expect(await response.json()).toMatchObject({ error_code: 'NOT_FOUND' })
    } finally {
      await production.close()
    }
  })
})
