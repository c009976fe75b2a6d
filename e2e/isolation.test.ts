/// <reference lib="dom" />
import { describe, expect, it } from 'vitest'
import { hasChromium, screenshot, signUpThroughForm, useBrowserStack, userIdOf } from './support/browser-stack.ts'

describe.skipIf(!hasChromium)('two people, two worlds', () => {
  const running = useBrowserStack()

  it('each user sees only their own tasks, and another id in a URL shows nothing of theirs', async () => {
    const [alice, bob] = await Promise.all([running.browser.newContext(), running.browser.newContext()])
    const [alicePage, bobPage] = await Promise.all([alice.newPage(), bob.newPage()])
    await signUpThroughForm(alicePage, running.stack.origin)
    await signUpThroughForm(bobPage, running.stack.origin)

    for (const [page, title] of [
      [alicePage, 'alice-only-secret'],
      [bobPage, 'bob-only-secret'],
    ] as const) {
      await page.getByLabel('New task').fill(title)
      await page.getByLabel('New task').press('Enter')
      await expect.poll(() => page.locator('.task:not(.pending)').count()).toBe(1)
    }
    await alicePage.reload()
    await bobPage.reload()
    expect(await alicePage.locator('.task').allTextContents()).toEqual([expect.stringContaining('alice-only-secret')])
    expect(await bobPage.locator('.task').allTextContents()).toEqual([expect.stringContaining('bob-only-secret')])

    const aliceId = await userIdOf(alice, running.stack.origin)
    const intrusion = await bobPage.goto(`${running.stack.origin}/api/${aliceId}/tasks`)
    expect(intrusion?.status()).toBe(403)
    const body = (await intrusion?.text()) ?? ''
    expect(body).not.toContain('alice-only-secret')
    expect(JSON.parse(body)).toMatchObject({ error_code: 'FORBIDDEN' })
    await Promise.all([alice.close(), bob.close()])
  })

  it('stores markup as text and renders it as text: no script runs', async () => {
    const context = await running.browser.newContext()
    const page = await context.newPage()
    await signUpThroughForm(page, running.stack.origin)
    const payload = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`
    await page.getByLabel('New task').fill(payload)
    await page.getByLabel('New task').press('Enter')
    await expect.poll(() => page.locator('.task:not(.pending)').count()).toBe(1)
    await page.reload()
    expect(await page.locator('.task-title').textContent()).toBe(payload)
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()
    await context.close()
  })

  it('fits a 375-px phone screen and works with the keyboard alone', async () => {
    const context = await running.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    await signUpThroughForm(page, running.stack.origin)
    await page.getByLabel('New task').focus()
    await page.keyboard.type('Phone task')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('.task:not(.pending)').count()).toBe(1)
    // Tab to the checkbox and toggle it with Space.
    await page.getByLabel('Phone task', { exact: true }).focus()
    await page.keyboard.press('Space')
    await expect.poll(() => page.getByRole('button', { name: /Completed 1/ }).isVisible()).toBe(true)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await screenshot(page, 'dashboard-phone')
    await context.close()
  })
})
