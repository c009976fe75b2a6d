import type { Response } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { hasChromium, signUpThroughForm, useBrowserStack } from './support/browser-stack.ts'

/** The redirects a navigation went through, first to last. */
function redirectsOf(response: Response | null): string[] {
  const chain: string[] = []
  for (let request = response?.request().redirectedFrom(); request; request = request.redirectedFrom()) chain.unshift(request.url())
  return chain
}

describe.skipIf(!hasChromium)('protected pages: one redirect, never a loop, and an outage page that retries', () => {
  const running = useBrowserStack()

  /** A new browser, signed up, with one task added and saved. */
  async function signedInWithOneTask(title: string) {
    const context = await running.browser.newContext()
    const page = await context.newPage()
    await signUpThroughForm(page, running.stack.origin)
    await page.getByLabel('New task').fill(title)
    await page.getByLabel('New task').press('Enter')
    await expect.poll(() => page.locator('.task:not(.pending)').count()).toBe(1)
    return { context, page }
  }

  it.each([
    ['no cookie', null],
    ['a garbage cookie', 'garbage'],
    ['a forged signed cookie', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.c2lnbmF0dXJl'],
  ])('with %s, /dashboard redirects exactly once to /sign-in and the form renders', async (_name, value) => {
    const context = await running.browser.newContext()
    if (value) await context.addCookies([{ name: 'better-auth.session_token', value, url: running.stack.origin }])
    const page = await context.newPage()
    const response = await page.goto(`${running.stack.origin}/dashboard`)
    expect(response?.status()).toBe(200)
    expect(page.url()).toBe(`${running.stack.origin}/sign-in?next=/dashboard`)
    expect(redirectsOf(response)).toEqual([`${running.stack.origin}/dashboard`])
    expect(await page.getByRole('button', { name: 'Sign in', exact: true }).isVisible()).toBe(true)
    await context.close()
  })

  it('with an expired (signed-out) session cookie, still exactly one redirect', async () => {
    const context = await running.browser.newContext()
    const page = await context.newPage()
    await signUpThroughForm(page, running.stack.origin)
    const [cookie] = await context.cookies()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(/\/sign-in$/)
    // Put the dead session's cookie back, as a browser with a stale cookie would have it.
    if (cookie) await context.addCookies([cookie])
    const response = await page.goto(`${running.stack.origin}/dashboard`)
    expect(page.url()).toBe(`${running.stack.origin}/sign-in?next=/dashboard`)
    expect(redirectsOf(response)).toHaveLength(1)
    await context.close()
  })

  it('shows "service unavailable" while auth is down, and comes back by itself when auth does', async () => {
    const context = await running.browser.newContext()
    const page = await context.newPage()
    await signUpThroughForm(page, running.stack.origin)
    const port = running.stack.auth.port
    await running.stack.auth.close()
    try {
      const response = await page.goto(`${running.stack.origin}/dashboard`)
      // An App Router page cannot choose a 503 (docs/decisions/008): the page says so and retries on its own.
      expect(response?.status()).toBe(200)
      expect(page.url()).toBe(`${running.stack.origin}/dashboard`)
      expect(await page.getByRole('heading', { name: 'Service unavailable' }).isVisible()).toBe(true)
      expect(await page.locator('head meta[http-equiv="refresh"]').getAttribute('content')).toMatch(/^\d+$/)
    } finally {
      await running.stack.startAuth(port)
    }
    // No navigation by the test: the page's own retry brings the dashboard back.
    await expect.poll(() => page.getByRole('heading', { name: 'Your tasks' }).isVisible(), { timeout: 20_000 }).toBe(true)
    expect(page.url()).toBe(`${running.stack.origin}/dashboard`)
    await context.close()
  })

  it('rolls a change back, with a visible message, when the API refuses it', async () => {
    const { context, page } = await signedInWithOneTask('Survives an outage')
    const port = running.stack.api.port
    await running.stack.api.close()
    try {
      await page.getByLabel('Survives an outage', { exact: true }).click()
      await expect.poll(() => page.locator('.notice.error').textContent()).toContain('not reachable')
      expect(await page.getByLabel('Survives an outage', { exact: true }).isChecked()).toBe(false)
      await page.getByLabel('New task').fill('Never stored')
      await page.getByLabel('New task').press('Enter')
      await expect.poll(() => page.locator('.task').count()).toBe(1)
      // What was typed is given back, so nothing is lost.
      expect(await page.getByLabel('New task').inputValue()).toBe('Never stored')
    } finally {
      await running.stack.startApi(port)
    }
    await context.close()
  })
})
