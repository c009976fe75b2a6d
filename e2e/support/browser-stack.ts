import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { repositoryRoot } from '@tasklane/config/data-dir'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { noteSecrets } from '../../tests/support/service-logs.ts'
import { type ChildService, freePort, spawnService } from '../../tests/support/test-stack.ts'

export const CHROMIUM_PATH = '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM_PATH)
export const ARTIFACTS_DIR = path.join(repositoryRoot, 'test-results')

if (!hasChromium) {
  console.error(`\n*** BROWSER TESTS SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install Debian's chromium (apt-get install chromium). ***\n`)
}

/** The three real services as separate processes, wired the way `npm start` wires them, on free ports. */
export class BrowserStack {
  auth!: ChildService
  api!: ChildService
  web!: ChildService
  readonly origin: string

  private constructor(
    private readonly webPort: number,
    private readonly authEnv: Record<string, string>,
  ) {
    this.origin = `http://localhost:${webPort}`
  }

  /** `authEnv`: more settings for auth (e.g. REQUIRE_EMAIL_VERIFICATION). */
  static async start(authEnv: Record<string, string> = {}): Promise<BrowserStack> {
    const stack = new BrowserStack(await freePort(), authEnv)
    await stack.startAll()
    return stack
  }

  async startAuth(port?: number) {
    this.auth = await spawnService('auth', {
      TRUSTED_ORIGINS: this.origin,
      BETTER_AUTH_URL: this.origin,
      RATE_LIMIT_SIGN_IN_MAX: '50',
      ...this.authEnv,
      ...(port ? { AUTH_PORT: String(port) } : {}),
    })
  }

  async startApi(port?: number) {
    this.api = await spawnService('api', { AUTH_URL: this.auth.url, TRUSTED_ORIGINS: this.origin, ...(port ? { API_PORT: String(port) } : {}) })
  }

  private async startAll(ports?: { auth: number; api: number }) {
    await this.startAuth(ports?.auth)
    await this.startApi(ports?.api)
    this.web = await spawnService('web', { WEB_PORT: String(this.webPort), AUTH_URL: this.auth.url, API_URL: this.api.url })
  }

  /** Stops every service (SIGTERM) and starts them again on the same ports. */
  async restart() {
    const ports = { auth: this.auth.port, api: this.api.port }
    await this.stop()
    await this.startAll(ports)
  }

  async stop() {
    await this.web?.close()
    await this.api?.close()
    await this.auth?.close()
  }
}

/** Debian's Chromium, headless; `extraArgs` are added to the usual flags (e.g. a certificate to accept). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...extraArgs],
  })
  reportContentSecurityViolations(browser)
  return browser
}

const contentSecurityViolations: string[] = []

/**
 * Every page of every context this browser opens (`browser.newPage` makes its context through `newContext` too) has
 * its console watched: Chromium reports each Content-Security-Policy violation there, and `useBrowserStack` fails
 * the test that caused one.
 */
function reportContentSecurityViolations(browser: Browser) {
  const newContext = browser.newContext.bind(browser)
  browser.newContext = async (options) => {
    const context = await newContext(options)
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) contentSecurityViolations.push(`${message.location().url}: ${message.text()}`)
    })
    return context
  }
}

/** The violations reported since the last call, emptied. */
export function takeContentSecurityViolations(): string[] {
  return contentSecurityViolations.splice(0)
}

let counter = 0
export function newCredentials() {
  counter++
  return { email: `e2e-${Date.now()}-${counter}@example.com`, password: `e2e-password-${counter}-${Date.now()}` }
}

/** Signs a new user up through the real form and waits for the dashboard. */
export async function signUpThroughForm(page: Page, origin: string, credentials = newCredentials()) {
  await page.goto(`${origin}/sign-up`)
  await page.getByLabel('Email').fill(credentials.email)
  await page.getByLabel('Password').fill(credentials.password)
  await page.getByRole('button', { name: 'Sign up' }).click()
  await page.waitForURL(`${origin}/dashboard`)
  // Over https the name has a prefix (`__Secure-`, `__Host-`).
  const session = (await page.context().cookies()).find((cookie) => cookie.name.endsWith('better-auth.session_token'))
  noteSecrets(credentials.password, ...(session ? [`${session.name}=${session.value}`] : []))
  return credentials
}

/** A fresh browser context, signed up through the form and on the dashboard: its page, the origin and the user's id. */
export async function signedUpPage(running: { readonly stack: BrowserStack; readonly browser: Browser }) {
  const context = await running.browser.newContext()
  const page = await context.newPage()
  const { origin } = running.stack
  await signUpThroughForm(page, origin)
  return { context, page, origin, userId: await userIdOf(context, origin) }
}

/**
 * The newest message in the web origin's dev outbox (/dev/outbox) to `email` whose subject has `subject`, waited for
 * (mail is sent after the answer): its link's address, noted for the log scan with its token, and the link itself.
 */
export async function linkFromDevOutbox(page: Page, origin: string, email: string, subject: string) {
  const message = page.locator('.outbox-message').filter({ hasText: email }).filter({ hasText: subject }).first()
  await expect
    .poll(
      async () => {
        await page.goto(`${origin}/dev/outbox`)
        return message.count()
      },
      { timeout: 20_000, interval: 1_000 },
    )
    .toBeGreaterThan(0)
  const link = message.getByRole('link').first()
  const href = (await link.getAttribute('href')) ?? ''
  noteSecrets(href, new URL(href).searchParams.get('token') ?? href)
  return { href, link }
}

/**
 * Signs out with the dashboard's button and waits for the sign-in page. The page leaves once (apps/web/lib/page-exit.ts):
 * a 401 the live stream or a refetch meets after the sign-out must not send it to `/sign-in?next=…` instead.
 */
export async function signOutFromDashboard(page: Page, origin: string) {
  await page.goto(`${origin}/dashboard`)
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.waitForURL(`${origin}/sign-in`)
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor()
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true })
}

export async function userIdOf(context: BrowserContext, origin: string): Promise<string> {
  const response = await context.request.get(`${origin}/api/auth/get-session`)
  const body = (await response.json()) as { user: { id: string } }
  return body.user.id
}

/**
 * The three services and one Chromium for a whole test file, started before its first test and stopped after
 * its last. Call inside the file's `describe`.
 */
export function useBrowserStack({ authEnv = {} }: { authEnv?: Record<string, string> } = {}): { readonly stack: BrowserStack; readonly browser: Browser } {
  const running: { stack?: BrowserStack; browser?: Browser } = {}
  beforeAll(async () => {
    ;[running.stack, running.browser] = await Promise.all([BrowserStack.start(authEnv), launchBrowser()])
  })
  afterEach(() => {
    expect(takeContentSecurityViolations(), 'Content-Security-Policy violations in the browser console').toEqual([])
  })
  afterAll(async () => {
    await running.browser?.close()
    await running.stack?.stop()
  })
  return {
    get stack() {
      if (!running.stack) throw new Error('the browser stack is not started yet')
      return running.stack
    },
    get browser() {
      if (!running.browser) throw new Error('the browser is not started yet')
      return running.browser
    },
  }
}
