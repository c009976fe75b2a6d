import { describe, expect, it } from 'vitest'
import { noteSecrets } from '../tests/support/service-logs.ts'
import { hasChromium, linkFromDevOutbox, screenshot, signUpThroughForm, useBrowserStack } from './support/browser-stack.ts'

/**
 * The email-driven flows in Chromium, with mail read where a developer on `npm start` reads it: the web origin's
 * /dev/outbox page.
 */
describe.skipIf(!hasChromium)('forgot password, reset, and email verification in the browser', () => {
  const running = useBrowserStack()

  it('forgot → email → reset: the token leaves the address bar, every old session ends, and the new password signs in', async () => {
    const { origin } = running.stack
    const elsewhere = await running.browser.newContext()
    const oldSession = await elsewhere.newPage()
    const credentials = await signUpThroughForm(oldSession, origin)

    const context = await running.browser.newContext({ viewport: { width: 360, height: 740 } })
    const page = await context.newPage()
    await page.goto(`${origin}/sign-in`)
    await page.getByRole('link', { name: 'Forgot your password?' }).click()
    await page.waitForURL(`${origin}/forgot-password`)
    await page.getByLabel('Email').fill(credentials.email)
    await page.getByRole('button', { name: 'Send me a link' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toContain(`If an account uses ${credentials.email}, we sent it a link`)

    const { href, link } = await linkFromDevOutbox(page, origin, credentials.email, 'Reset your Tasklane password')
    expect(href).toMatch(new RegExp(`^${origin}/reset-password\\?token=\\w+$`))
    await link.click()
    // Out of the address bar (and history) as soon as the page runs.
    await expect.poll(() => page.url()).toBe(`${origin}/reset-password`)
    expect(await page.getByText('At least 8 characters (up to 128).').isVisible()).toBe(true)
    await screenshot(page, 'reset-password-360')

    const newPassword = `reset-${credentials.password}`
    noteSecrets(newPassword)
    await page.getByLabel('New password').fill(newPassword)
    await page.getByRole('button', { name: 'Set new password' }).click()
    await page.waitForURL(`${origin}/sign-in?reset=done`)
    expect(await page.getByRole('status').textContent()).toContain('signed out everywhere')

    // The session from before the reset is gone: the other browser is sent to sign in.
    await oldSession.goto(`${origin}/dashboard`)
    expect(oldSession.url()).toBe(`${origin}/sign-in?next=/dashboard`)

    await page.getByLabel('Email').fill(credentials.email)
    await page.getByLabel('Password').fill(newPassword)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.waitForURL(`${origin}/dashboard`)
    await context.close()
    await elsewhere.close()
  })

  it('sign up → banner → resend → verify from the outbox → banner gone', async () => {
    const { origin } = running.stack
    const context = await running.browser.newContext()
    const page = await context.newPage()
    const credentials = await signUpThroughForm(page, origin)
    const banner = page.getByRole('region', { name: 'Verify your email' })
    expect(await banner.textContent()).toContain(`Please verify ${credentials.email}`)
    await banner.getByRole('button', { name: 'Resend the link' }).click()
    await expect.poll(() => banner.getByRole('status').textContent()).toContain('Sent.')

    const { link } = await linkFromDevOutbox(page, origin, credentials.email, 'Verify your email for Tasklane')
    await link.click()
    await page.waitForURL(`${origin}/dashboard?email-verified=1`)
    expect(await page.getByRole('heading', { name: 'Your tasks' }).isVisible()).toBe(true)
    expect(await page.getByRole('region', { name: 'Verify your email' }).count()).toBe(0)
    await context.close()
  })

  it('change of address: the form says where the link went, following it moves the account, and the old address is told', async () => {
    const { origin } = running.stack
    const context = await running.browser.newContext({ viewport: { width: 360, height: 740 } })
    const page = await context.newPage()
    const credentials = await signUpThroughForm(page, origin)
    await page.goto(`${origin}/settings`)
    expect(await page.locator('.current-email').textContent()).toBe(credentials.email)
    const next = `moved-${credentials.email}`
    await page.getByLabel('New email address').fill(next)
    await page.getByRole('button', { name: 'Send a confirmation link' }).click()
    await expect.poll(() => page.locator('.change-email').getByRole('status').textContent()).toContain(`We sent a link to ${next}`)

    const { link } = await linkFromDevOutbox(page, origin, next, 'Confirm your new email')
    await link.click()
    await page.waitForURL(`${origin}/dashboard?email-changed=1`)
    expect(await page.locator('.who').textContent()).toBe(next)
    await linkFromDevOutbox(page, origin, credentials.email, 'Your Tasklane email was changed')
    await context.close()
  })

  it('answers /dev/outbox with the mail, its links clickable', async () => {
    const { origin } = running.stack
    const page = await running.browser.newPage()
    const response = await page.goto(`${origin}/dev/outbox`)
    expect(response?.status()).toBe(200)
    expect(await page.getByRole('heading', { name: 'Dev outbox' }).isVisible()).toBe(true)
    expect(await page.locator('.outbox-message a[href^="http"]').count()).toBeGreaterThan(0)
    await page.close()
  })
})
