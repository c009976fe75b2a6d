import { Secret, TOTP } from 'otpauth'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { noteSecrets } from '../tests/support/service-logs.ts'
import { hasChromium, screenshot, signUpThroughForm, signOutFromDashboard, useBrowserStack, userIdOf } from './support/browser-stack.ts'

const PHONE = { width: 360, height: 780 }

describe.skipIf(!hasChromium)('two-factor sign-in in Chromium', () => {
  const running = useBrowserStack()

  it('turns on with a code from the shown key, then sign-in asks for a code, a backup code works once, and it turns off with the password', async () => {
    const context = await running.browser.newContext()
    const page = await context.newPage()
    const { origin } = running.stack
    const credentials = await signUpThroughForm(page, origin)
    const userId = await userIdOf(context, origin)

    // Password first, then the key: as a QR code (an SVG the page's CSP allows) and typed out.
    await page.goto(`${origin}/settings/security`)
    await page.getByRole('button', { name: 'Turn on two-factor' }).click()
    await page.getByLabel('Current password').fill(credentials.password)
    await page.getByRole('button', { name: 'Continue' }).click()
    const setupKey = page.getByLabel('Setup key')
    await setupKey.waitFor()
    expect(await page.locator('.qr-frame svg').count()).toBe(1)
    const secret = ((await setupKey.textContent()) ?? '').replace(/\s/g, '')
    noteSecrets(secret)
    const totp = new TOTP({ secret: Secret.fromBase32(secret) })
    await page.setViewportSize(PHONE)
    await screenshot(page, 'settings-security-two-factor-setup-phone')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    await page.setViewportSize({ width: 1280, height: 720 })

    // Confirmed with a code computed from that key, then the backup codes, shown once.
    await page.getByLabel('Code from the app').fill(totp.generate())
    await page.getByRole('button', { name: 'Turn on', exact: true }).click()
    const codeList = page.getByRole('list', { name: 'Backup codes' })
    await codeList.waitFor()
    const backupCodes = (await codeList.getByRole('listitem').allTextContents()).map((code) => code.trim())
    noteSecrets(...backupCodes)
    expect(backupCodes).toHaveLength(10)
    expect(await page.getByRole('link', { name: 'Download' }).getAttribute('download')).toBe('tasklane-backup-codes.txt')
    await page.getByRole('button', { name: 'I saved them' }).click()
    await expect.poll(() => page.getByText('On.', { exact: true }).isVisible()).toBe(true)

    // Password, then a code: a wrong one is refused, the right one signs in.
    await signOutFromDashboard(page, origin)
    await passwordStep(page, origin, credentials)
    await page.setViewportSize(PHONE)
    await screenshot(page, 'sign-in-two-factor-phone')
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.getByLabel('Authentication code').fill(totp.generate({ timestamp: Date.now() + 10 * 60_000 }))
    await page.getByRole('button', { name: 'Verify' }).click()
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'That code is not right' }).isVisible()).toBe(true)
    await page.getByLabel('Authentication code').fill(totp.generate())
    await page.getByRole('button', { name: 'Verify' }).click()
    await page.waitForURL((url) => url.pathname === '/dashboard')
    expect(await userIdOf(context, origin)).toBe(userId)

    // A backup code instead of the app: it works once.
    const [backupCode = ''] = backupCodes
    await signOutFromDashboard(page, origin)
    await passwordStep(page, origin, credentials)
    await page.getByRole('button', { name: 'Use a backup code' }).click()
    await page.getByLabel('Backup code').fill(backupCode)
    await page.getByRole('button', { name: 'Verify' }).click()
    await page.waitForURL((url) => url.pathname === '/dashboard')

    await signOutFromDashboard(page, origin)
    await passwordStep(page, origin, credentials)
    await page.getByRole('button', { name: 'Use a backup code' }).click()
    await page.getByLabel('Backup code').fill(backupCode)
    await page.getByRole('button', { name: 'Verify' }).click()
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'not valid or was already used' }).isVisible()).toBe(true)
    expect(new URL(page.url()).pathname).toBe('/sign-in/two-factor')
    expect(await context.request.get(`${origin}/api/auth/get-session`).then((response) => response.json())).toBeNull()

    // Another code of the set signs in; turned off with the password, sign-in is the password alone again.
    await page.getByLabel('Backup code').fill(backupCodes[1] ?? '')
    await page.getByRole('button', { name: 'Verify' }).click()
    await page.waitForURL((url) => url.pathname === '/dashboard')
    await page.goto(`${origin}/settings/security`)
    await page.getByRole('button', { name: 'Turn off two-factor' }).click()
    await page.getByLabel('Current password').fill(credentials.password)
    await page.getByRole('button', { name: 'Turn off', exact: true }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Two-factor sign-in is off.' }).isVisible()).toBe(true)
    await signOutFromDashboard(page, origin)
    await page.getByLabel('Email').fill(credentials.email)
    await page.getByLabel('Password').fill(credentials.password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.waitForURL((url) => url.pathname === '/dashboard')
    await context.close()
  })
})


/** The right password: no session yet, the second step's page instead. */
async function passwordStep(page: Page, origin: string, credentials: { email: string; password: string }) {
  await page.goto(`${origin}/sign-in`)
  await page.getByLabel('Email').fill(credentials.email)
  await page.getByLabel('Password').fill(credentials.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.waitForURL(`${origin}/sign-in/two-factor`)
  expect((await page.context().cookies()).some((cookie) => cookie.name.endsWith('session_token'))).toBe(false)
}
