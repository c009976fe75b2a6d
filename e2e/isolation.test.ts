/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { hasChromium, screenshot, signUpThroughForm, useBrowserStack, userIdOf } from './support/browser-stack.ts'

/** Presses Tab until `target` has focus: it is reachable with the keyboard alone, in the page's own order. */
async function tabTo(page: Page, target: Locator, maxPresses = 60): Promise<void> {
  for (let press = 0; press < maxPresses; press++) {
    if (await target.evaluate((element) => element === document.activeElement)) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`not reachable with Tab in ${maxPresses} presses: ${target.toString()}`)
}

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
    const tasks = page.locator('.task:not(.pending)')

    // Add: Tab to the field, type, Enter.
    await tabTo(page, page.getByLabel('New task'))
    await page.keyboard.type('Phone task')
    await page.keyboard.press('Enter')
    await expect.poll(() => tasks.count()).toBe(1)

    // Toggle: Tab to the checkbox, Space.
    await tabTo(page, page.getByLabel('Phone task', { exact: true }))
    await page.keyboard.press('Space')
    await expect.poll(() => page.getByRole('button', { name: /Completed 1/ }).isVisible()).toBe(true)

    // Edit title and description: Enter on Edit puts focus in the title; Tab to the description, then to Save.
    await tabTo(page, page.getByRole('button', { name: 'Edit “Phone task”' }))
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('title')
    await page.keyboard.press('Control+A')
    await page.keyboard.type('Renamed by keyboard')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Typed description')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('.task-title').textContent()).toBe('Renamed by keyboard')
    await expect.poll(() => page.locator('.task-description').textContent()).toBe('Typed description')

    // Escape cancels an edit and gives focus back to the Edit button.
    const edit = page.getByRole('button', { name: 'Edit “Renamed by keyboard”' })
    await tabTo(page, edit)
    await page.keyboard.press('Enter')
    await page.keyboard.type(' not saved')
    await page.keyboard.press('Escape')
    await expect.poll(() => edit.evaluate((element) => element === document.activeElement)).toBe(true)
    expect(await page.locator('.task-title').textContent()).toBe('Renamed by keyboard')

    // Delete, then Undo, both by keyboard.
    await tabTo(page, page.getByRole('button', { name: 'Delete “Renamed by keyboard”' }))
    await page.keyboard.press('Enter')
    await expect.poll(() => tasks.count()).toBe(0)
    await tabTo(page, page.getByRole('button', { name: 'Undo' }))
    await page.keyboard.press('Enter')
    await expect.poll(() => tasks.count()).toBe(1)

    // Filter: Tab to a filter, Enter.
    const active = page.getByRole('button', { name: /^Active/ })
    await tabTo(page, active)
    await page.keyboard.press('Enter')
    await expect.poll(() => active.getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => tasks.count()).toBe(0)

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await screenshot(page, 'dashboard-phone')
    await context.close()
  })
})
