/// <reference lib="dom" />
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { hasChromium, screenshot, signUpThroughForm, useBrowserStack } from './support/browser-stack.ts'

const LIGHT_BACKGROUND = 'rgb(246, 247, 251)'
const DARK_BACKGROUND = 'rgb(18, 21, 28)'

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)

describe.skipIf(!hasChromium)('dark mode', () => {
  const running = useBrowserStack()

  it('follows the system setting until the user chooses, then keeps the choice across reloads, rendered by the server', async () => {
    const { browser, stack } = running
    const context = await browser.newContext({ colorScheme: 'dark' })
    const page = await context.newPage()
    await signUpThroughForm(page, stack.origin)
    await page.getByLabel('New task').fill('Water the plants')
    await page.getByLabel('New task').press('Enter')
    await expect.poll(() => page.locator('.task:not(.pending)').count()).toBe(1)

    // No choice yet: the system's dark.
    expect(await background(page)).toBe(DARK_BACKGROUND)
    await screenshot(page, 'dashboard-dark-desktop')

    // Chosen light: at once, and still light after a reload although the system says dark.
    await page.getByLabel('Theme').selectOption('light')
    expect(await background(page)).toBe(LIGHT_BACKGROUND)
    await page.reload()
    expect(await background(page)).toBe(LIGHT_BACKGROUND)
    expect(await page.getByLabel('Theme').inputValue()).toBe('light')
    await screenshot(page, 'dashboard-light-desktop')
    // The server renders the choice into the page itself, so the first paint is already right.
    const html = await (await context.request.get(`${stack.origin}/dashboard`)).text()
    expect(html).toContain('<html lang="en" data-theme="light"')

    // Back to the system setting: the choice is forgotten and the system's dark returns, after a reload too.
    await page.getByLabel('Theme').selectOption('system')
    expect(await background(page)).toBe(DARK_BACKGROUND)
    await page.reload()
    expect(await background(page)).toBe(DARK_BACKGROUND)
    expect((await context.cookies()).some((cookie) => cookie.name === 'tasklane-theme')).toBe(false)
    await context.close()
  })

  it('chooses dark on a light system, on a phone, and the sign-in page follows the system', async () => {
    const { browser, stack } = running
    const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    await page.goto(`${stack.origin}/sign-in`)
    expect(await background(page)).toBe(LIGHT_BACKGROUND)
    await signUpThroughForm(page, stack.origin)
    await screenshot(page, 'dashboard-light-phone')
    await page.getByLabel('Theme').selectOption('dark')
    expect(await background(page)).toBe(DARK_BACKGROUND)
    await page.reload()
    expect(await background(page)).toBe(DARK_BACKGROUND)
    await screenshot(page, 'dashboard-dark-phone')
    // Nothing scrolls sideways with the switch in the header.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await context.close()
  })
})
