import { describe, expect, it } from 'vitest'
import { noteSecrets } from '../tests/support/service-logs.ts'
import { hasChromium, linkFromDevOutbox, newCredentials, useBrowserStack } from './support/browser-stack.ts'

/** REQUIRE_EMAIL_VERIFICATION=true (production's default): no session until the address is verified. */
describe.skipIf(!hasChromium)('REQUIRE_EMAIL_VERIFICATION in the browser', () => {
  const running = useBrowserStack({ authEnv: { REQUIRE_EMAIL_VERIFICATION: 'true' } })

  it('sign-up says "check your email"; sign-in is refused with that message and a resend; the link signs in', async () => {
    const { origin } = running.stack
    const credentials = newCredentials()
    noteSecrets(credentials.password)
    const context = await running.browser.newContext()
    const page = await context.newPage()
    await page.goto(`${origin}/sign-up`)
    await page.getByLabel('Email').fill(credentials.email)
    await page.getByLabel('Password').fill(credentials.password)
    await page.getByRole('button', { name: 'Sign up' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Check your email' }).isVisible()).toBe(true)
    expect(await page.getByRole('status').textContent()).toContain(`We sent a link to ${credentials.email}`)

    await page.goto(`${origin}/sign-in`)
    await page.getByLabel('Email').fill(credentials.email)
    await page.getByLabel('Password').fill(credentials.password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    const refusal = page.getByRole('alert').filter({ hasText: 'Check your email' })
    await expect.poll(() => refusal.count()).toBe(1)
    expect(await refusal.textContent()).toContain(`Check your email: verify your address with the link we sent to ${credentials.email}`)
    expect(page.url()).toBe(`${origin}/sign-in`)
    await refusal.getByRole('button', { name: 'Send the link again' }).click()
    await expect.poll(() => refusal.getByRole('status').textContent()).toContain('Sent.')

    const { link } = await linkFromDevOutbox(page, origin, credentials.email, 'Verify your email for Tasklane')
    await link.click()
    await page.waitForURL(`${origin}/dashboard?email-verified=1`)
    expect(await page.getByRole('region', { name: 'Verify your email' }).count()).toBe(0)
    const session = (await context.cookies()).find((cookie) => cookie.name === 'better-auth.session_token')
    if (session) noteSecrets(`${session.name}=${session.value}`)
    await context.close()
  })
})
