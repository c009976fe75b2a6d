import { describe, expect, it } from 'vitest'
import { hasChromium, screenshot, signedUpPage, signOutFromDashboard, useBrowserStack, userIdOf } from './support/browser-stack.ts'
import { addVirtualAuthenticator } from './support/virtual-authenticator.ts'

const PHONE = { width: 360, height: 780 }

describe.skipIf(!hasChromium)('passkeys in Chromium, with its virtual authenticator', () => {
  const running = useBrowserStack()

  it('adds a passkey in settings, signs in with it alone, and once it is removed it signs nobody in', async () => {
    const { context, page, origin, userId } = await signedUpPage(running)
    const authenticator = await addVirtualAuthenticator(page)

    await page.goto(`${origin}/settings/security`)
    await expect.poll(() => page.getByText('No passkeys yet.').isVisible()).toBe(true)
    // The suggested name comes from the browser and system (HeadlessChrome on Linux here).
    expect(await page.getByLabel('Name for a new passkey').inputValue()).toMatch(/ on Linux$/)
    await page.getByLabel('Name for a new passkey').fill('Work laptop')
    await page.getByRole('button', { name: 'Add a passkey' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Passkey “Work laptop” added.')
    await expect.poll(() => page.getByRole('list', { name: 'Your passkeys' }).getByText('Work laptop').isVisible()).toBe(true)
    expect(await authenticator.credentialCount()).toBe(1)
    // Rendered on the server too: a reload shows it with its date, nothing arriving late.
    await page.reload()
    await expect.poll(() => page.getByRole('list', { name: 'Your passkeys' }).locator('time').count()).toBe(1)
    await screenshot(page, 'settings-security-desktop')
    await page.emulateMedia({ colorScheme: 'dark' })
    await screenshot(page, 'settings-security-desktop-dark')
    await page.emulateMedia({ colorScheme: 'light' })
    await page.setViewportSize(PHONE)
    await screenshot(page, 'settings-security-phone')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    await page.setViewportSize({ width: 1280, height: 720 })

    // Signed out, the passkey alone signs back in, as the same user.
    await signOutFromDashboard(page, origin)
    await page.setViewportSize(PHONE)
    await screenshot(page, 'sign-in-with-passkey-phone')
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
    await page.waitForURL((url) => url.pathname === '/dashboard')
    expect(await userIdOf(context, origin)).toBe(userId)

    // Rename, then remove after confirming.
    await page.goto(`${origin}/settings/security`)
    await page.getByRole('button', { name: 'Rename “Work laptop”' }).click()
    await page.getByLabel('New name for “Work laptop”').fill('Old laptop')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.getByRole('list', { name: 'Your passkeys' }).getByText('Old laptop').isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Remove “Old laptop”' }).click()
    await page.getByRole('button', { name: 'Keep' }).click()
    await expect.poll(() => page.getByRole('list', { name: 'Your passkeys' }).getByText('Old laptop').isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Remove “Old laptop”' }).click()
    await page.getByRole('button', { name: 'Remove passkey' }).click()
    await expect.poll(() => page.getByText('No passkeys yet.').isVisible()).toBe(true)

    // The device still holds the credential, but the account no longer knows it: it signs nobody in.
    await signOutFromDashboard(page, origin)
    expect(await authenticator.credentialCount()).toBe(1)
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'could not sign you in' }).isVisible()).toBe(true)
    expect(new URL(page.url()).pathname).toBe('/sign-in')
    expect((await context.request.get(`${origin}/api/auth/get-session`).then((response) => response.json())) as unknown).toBeNull()
    await context.close()
  })

  it('sends a signed-out visitor of /settings/security to sign-in, and back after it', async () => {
    const context = await running.browser.newContext()
    const page = await context.newPage()
    await page.goto(`${running.stack.origin}/settings/security`)
    expect(page.url()).toBe(`${running.stack.origin}/sign-in?next=%2Fsettings%2Fsecurity`)
    await context.close()
  })
})

