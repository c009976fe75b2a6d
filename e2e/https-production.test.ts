import { randomBytes } from 'node:crypto'
import { cookieName } from '@tasklane/http/session-cookie'
import { hasNginx, NGINX_PATH, startReverseProxy } from '@tasklane/test-kit/reverse-proxy'
import { startSmtpSink } from '@tasklane/test-kit/smtp-sink'
import { makeTestCertificate } from '@tasklane/test-kit/test-certificate'
import pg from 'pg'
import type { Browser, BrowserContext, Page, Response } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { noteSecrets } from '../tests/support/service-logs.ts'
import { freePort, spawnService } from '../tests/support/test-stack.ts'
import { hasChromium, launchBrowser, newCredentials, signUpThroughForm, takeContentSecurityViolations } from './support/browser-stack.ts'

/**
 * Production as an operator runs it: the three services with NODE_ENV=production and a real secret, behind nginx
 * terminating TLS with a certificate made for this run, and Chromium trusting exactly that certificate (its public key,
 * `--ignore-certificate-errors-spki-list`), not every bad one.
 *
 * Three addresses on one machine, so each hop can be told apart: Chromium reaches nginx over IPv6 (nginx listens on ::1
 * only), nginx connects to the web server from 127.0.0.5 (`proxy_bind`; the web server's TRUSTED_PROXIES), and the web
 * server reaches auth from 127.0.0.1 (auth's default trusted proxies). Auth must store the browser's address.
 */
if (!hasNginx) console.error(`\n*** HTTPS BROWSER TESTS SKIPPED: no nginx at ${NGINX_PATH} (apt-get install nginx; .ci/run installs it). ***\n`)

const PROXY_ADDRESS = '127.0.0.5'
const BROWSER_ADDRESS = '::1'
// Better Auth keys an IPv6 client by its /64 (`normalizeIP` in @better-auth/core/utils/ip): ::1 is stored as this.
const BROWSER_ADDRESS_AS_STORED = '0000:0000:0000:0000:0000:0000:0000:0000'
const SESSION_UPDATE_AGE_SECONDS = 2
const SESSION_COOKIE = /better-auth\.session_token$/

interface HttpsStack {
  origin: string
  browser: Browser
  database: pg.Client
}

describe.skipIf(!hasChromium || !hasNginx)('HTTPS end to end in production mode, behind nginx', () => {
  let stack: HttpsStack | undefined
  const running = () => {
    if (!stack) throw new Error('the https stack is not started yet')
    return stack
  }
  // What to stop, last started first; filled as each part starts, so a failed start still stops what did.
  const stops: (() => Promise<unknown>)[] = []

  beforeAll(async () => {
    const certificate = await makeTestCertificate({ hostNames: ['localhost'], addresses: ['127.0.0.1', '::1'] })
    const webPort = await freePort()
    // nginx first: its port is the public origin every service is told about; until the web server is up it answers 502.
    const proxy = await startReverseProxy({ upstream: `http://127.0.0.1:${webPort}`, host: BROWSER_ADDRESS, bindAddress: PROXY_ADDRESS, tls: certificate })
    stops.push(() => proxy.stop())
    const origin = `https://localhost:${proxy.port}`
    const secret = randomBytes(32).toString('base64')
    noteSecrets(secret)
    const production = { NODE_ENV: 'production', TRUSTED_ORIGINS: origin, DATABASE_URL: inject('databaseUrl') }
    // Production sends its mail over SMTP; a real SMTP server on loopback takes it.
    const smtp = await startSmtpSink()
    stops.push(() => smtp.close())
    const mail = { SMTP_URL: smtp.url, MAIL_FROM: 'Tasklane <no-reply@localhost>' }
    // The journeys here sign up and go straight on; verification is required by default in production, and is tested
    // in e2e/email-verification.test.ts.
    const auth = await spawnService('auth', {
      ...production,
      ...mail,
      REQUIRE_EMAIL_VERIFICATION: 'false',
      BETTER_AUTH_SECRET: secret,
      BETTER_AUTH_URL: origin,
      SESSION_UPDATE_AGE: String(SESSION_UPDATE_AGE_SECONDS),
    })
    stops.push(() => auth.close())
    const api = await spawnService('api', { ...production, AUTH_URL: auth.url })
    stops.push(() => api.close())
    const web = await spawnService('web', { ...production, WEB_PORT: String(webPort), AUTH_URL: auth.url, API_URL: api.url, TRUSTED_PROXIES: PROXY_ADDRESS })
    stops.push(() => web.close())
    const database = new pg.Client({ connectionString: inject('databaseUrl') })
    await database.connect()
    stops.push(() => database.end())
    // Chromium accepts this run's certificate by its public key, and still refuses any other it cannot verify.
    const browser = await launchBrowser([`--ignore-certificate-errors-spki-list=${certificate.spkiHash}`])
    stops.push(() => browser.close())
    stack = { origin, browser, database }
  })
  afterEach(() => {
    expect(takeContentSecurityViolations(), 'Content-Security-Policy violations in the browser console').toEqual([])
  })
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop()
  })

  /** Every page the browser loads (top-level documents), to check their headers. */
  function pagesLoaded(page: Page): Response[] {
    const documents: Response[] = []
    page.on('response', (response) => {
      if (response.request().resourceType() === 'document') documents.push(response)
    })
    return documents
  }

  async function sessionCookie(context: BrowserContext) {
    const cookie = (await context.cookies()).find((candidate) => SESSION_COOKIE.test(candidate.name))
    if (cookie) noteSecrets(`${cookie.name}=${cookie.value}`)
    return cookie
  }

  /** What auth stored as the client address of the session this cookie carries. */
  async function storedAddress(cookieValue: string): Promise<string | null | undefined> {
    const token = decodeURIComponent(cookieValue).split('.')[0]
    const result = await running().database.query<{ ip_address: string | null }>('select ip_address from session where token = $1', [token])
    return result.rows[0]?.ip_address
  }

  it('signs up, signs in, calls the api, slides the session on reload and signs out, all over https', async () => {
    const { browser, origin } = running()
    const context = await browser.newContext()
    const page = await context.newPage()
    const documents = pagesLoaded(page)

    // Sign up: the session cookie is __Host-prefixed, Secure and HttpOnly.
    const credentials = await signUpThroughForm(page, origin, newCredentials())
    const signedUp = await sessionCookie(context)
    expect(signedUp?.name).toBe(cookieName('session_token', { secure: true }))
    expect(signedUp).toMatchObject({ secure: true, httpOnly: true })
    // The browser reached nginx over ::1 (its only listener): that is the browser's address.
    expect(documents[0]?.request().url()).toBe(`${origin}/sign-up`)
    expect((await documents[0]?.serverAddr())?.ipAddress).toMatch(/^\[?::1\]?$/)

    // Sign out, then sign in through the form.
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(`${origin}/sign-in`)
    expect(await sessionCookie(context)).toBeUndefined()
    await page.getByLabel('Email').fill(credentials.email)
    await page.getByLabel('Password').fill(credentials.password)
    const apiAnswers: Response[] = []
    page.on('response', (response) => {
      if (/\/api\/[^/]+\/tasks/.test(new URL(response.url()).pathname)) apiAnswers.push(response)
    })
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.waitForURL(`${origin}/dashboard`)
    const signedIn = await sessionCookie(context)
    if (!signedIn) throw new Error('no session cookie after sign-in')
    expect(signedIn.name).toBe(cookieName('session_token', { secure: true }))
    expect(signedIn).toMatchObject({ secure: true, httpOnly: true })
    expect(signedIn.value).not.toBe(signedUp?.value)

    // Auth saw the browser, not nginx (127.0.0.5) and not the web server (127.0.0.1).
    expect(await storedAddress(signedIn.value)).toBe(BROWSER_ADDRESS_AS_STORED)

    // The first api call after sign-in succeeds.
    await page.getByLabel('New task').fill('Over https')
    await page.getByLabel('New task').press('Enter')
    await expect.poll(() => page.locator('.task:not(.pending)').count()).toBe(1)
    expect(apiAnswers.length).toBeGreaterThan(0)
    expect(apiAnswers[0]?.status(), apiAnswers[0]?.url()).toBeLessThan(400)

    // Reload once the session is due for a refresh: the new expiry reaches the cookie jar.
    const expiresBefore = signedIn.expires
    await expect
      .poll(
        async () => {
          await page.reload()
          return (await sessionCookie(context))?.expires ?? 0
        },
        { timeout: 30_000, interval: SESSION_UPDATE_AGE_SECONDS * 1000 },
      )
      .toBeGreaterThan(expiresBefore)
    expect((await sessionCookie(context))?.value).toBe(signedIn.value)

    // Sign out: the cookie is gone, and so is the session on the server.
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(`${origin}/sign-in`)
    expect(await sessionCookie(context)).toBeUndefined()
    expect(await storedAddress(signedIn.value)).toBeUndefined()
    await page.goto(`${origin}/dashboard`)
    expect(page.url()).toBe(`${origin}/sign-in?next=/dashboard`)

    // Every page came with Strict-Transport-Security.
    expect(documents.length).toBeGreaterThanOrEqual(5)
    const YEAR_SECONDS = 365 * 24 * 60 * 60
    for (const document of documents) {
      const maxAge = /max-age=(\d+)/.exec(document.headers()['strict-transport-security'] ?? '')?.[1]
      expect(Number(maxAge), `Strict-Transport-Security on ${document.url()}`).toBeGreaterThanOrEqual(YEAR_SECONDS)
    }
    await context.close()
  })
})
