/// <reference lib="dom" />
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { noteSecrets } from '../tests/support/service-logs.ts'
import { hasChromium, newCredentials, screenshot, signedUpPage, signUpThroughForm, useBrowserStack, userIdOf } from './support/browser-stack.ts'

/** A convergence of two browsers should take no longer than a live update (2 s) after the last answer, with room for a loaded machine. */
const CONVERGE_BUDGET_MS = 5_000

/** Creates tasks through the api, last first: a new task goes on top of the user's own order, so they end up in `titles` order. */
async function addInOrder(context: BrowserContext, origin: string, userId: string, titles: string[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {}
  for (const title of titles.toReversed()) {
    const created = await context.request.post(`${origin}/api/${userId}/tasks`, { data: { title }, headers: { origin } })
    expect(created.status()).toBe(201)
    ids[title] = ((await created.json()) as { id: string }).id
  }
  return ids
}

/** The user's whole own order as the api has it, by title. */
async function storedOrder(context: BrowserContext, origin: string, userId: string): Promise<string[]> {
  const response = await context.request.get(`${origin}/api/${userId}/tasks?sort=position&order=asc&limit=100`)
  expect(response.status()).toBe(200)
  return ((await response.json()) as { tasks: Array<{ title: string }> }).tasks.map((task) => task.title)
}

/** Every move request the page sends, with its body. */
function watchMoves(page: Page, userId: string): unknown[] {
  const seen: unknown[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (request.method() === 'POST' && url.pathname.startsWith(`/api/${userId}/tasks/`) && url.pathname.endsWith('/move')) seen.push(request.postDataJSON())
  })
  return seen
}

const titles = (page: Page) => page.locator('.task:not(.pending) .task-title').allTextContents()
const handles = (page: Page) => page.getByRole('button', { name: /^Move “/ })
const checkbox = (page: Page, title: string) => page.getByRole('checkbox', { name: title, exact: true })
/** The title of the task whose row has focus, or null. */
const focusedTask = (page: Page) => page.evaluate(() => document.activeElement?.closest('li[data-task-id]')?.querySelector('.task-title')?.textContent ?? null)
const announcement = (page: Page) => page.locator('p[aria-live="polite"].visually-hidden').textContent()

/**
 * The list in the middle of the window, as a user scrolls it before a drag: near an edge the page scrolls by itself
 * while dragging (as it should, for a long list), which would carry the task past where the pointer stops.
 */
const centreList = (page: Page) => page.locator('ul.tasks').evaluate((list) => list.scrollIntoView({ block: 'center' }))

/** Drags `from` (a handle) onto the middle of `onto` with the mouse, in small steps as a hand does. */
async function dragWithMouse(page: Page, from: Locator, onto: Locator) {
  await centreList(page)
  const start = await from.boundingBox()
  const end = await onto.boundingBox()
  if (!start || !end) throw new Error('nothing to drag')
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2)
  await page.mouse.down()
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2 + 10, { steps: 4 })
  await page.mouse.move(start.x + start.width / 2, end.y + end.height / 2 + 5, { steps: 12 })
  await page.waitForTimeout(200)
  await page.mouse.up()
}

/** The same with a finger, through Chromium's touch input (a page with `hasTouch`). */
async function dragWithFinger(page: Page, from: Locator, onto: Locator) {
  await centreList(page)
  const start = await from.boundingBox()
  const end = await onto.boundingBox()
  if (!start || !end) throw new Error('nothing to drag')
  const cdp = await page.context().newCDPSession(page)
  const x = start.x + start.width / 2
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', y: number) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] })
  await touch('touchStart', start.y + start.height / 2)
  const targetY = end.y + end.height / 2 + 5
  for (let step = 1; step <= 12; step++) await touch('touchMove', start.y + start.height / 2 + ((targetY - start.y - start.height / 2) * step) / 12)
  await page.waitForTimeout(200)
  await touch('touchEnd', targetY)
  await cdp.detach()
}

describe.skipIf(!hasChromium)('the user’s own order', () => {
  const running = useBrowserStack()

  it('moves a task by dragging its handle and by Alt+↑/↓, one request each, kept after a reload; only in My order; put back when a move fails', async () => {
    const { context, page, origin, userId } = await signedUpPage(running)
    const ids = await addInOrder(context, origin, userId, ['Alpha', 'Bravo', 'Charlie', 'Delta'])
    // The server renders the sortable list as the browser does (dnd-kit's ids are fixed): React reports no mismatch.
    const consoleErrors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text())
    })
    await page.goto(`${origin}/dashboard?sort=position`)
    expect(await page.getByLabel('Sort by').inputValue()).toBe('position')
    expect(await titles(page)).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta'])
    expect(await handles(page).count()).toBe(4)
    const moves = watchMoves(page, userId)

    // Drag Alpha by its handle onto Charlie: it lands between Charlie and Delta, at once and in one request.
    await dragWithMouse(page, page.getByRole('button', { name: 'Move “Alpha”' }), page.locator('li.task', { hasText: 'Charlie' }))
    await expect.poll(() => titles(page)).toEqual(['Bravo', 'Charlie', 'Alpha', 'Delta'])
    await expect.poll(() => moves).toEqual([{ before_id: ids.Charlie, after_id: ids.Delta }])
    await expect.poll(() => storedOrder(context, origin, userId)).toEqual(['Bravo', 'Charlie', 'Alpha', 'Delta'])
    await page.reload()
    expect(await titles(page)).toEqual(['Bravo', 'Charlie', 'Alpha', 'Delta'])
    await page.waitForTimeout(500)
    expect(consoleErrors.filter((text) => /hydrat|did not match|react\.dev\/errors\/4(18|23|25)/i.test(text))).toEqual([])
    // Each handle is described by the drag instructions, under the same id on the server as in the browser (a
    // production build does not report a differing attribute; it would point nowhere).
    const describedBy = await page.getByRole('button', { name: 'Move “Alpha”' }).getAttribute('aria-describedby')
    expect(await page.locator(`[id="${describedBy}"]`).textContent({ timeout: 5_000 })).toContain('Alt+Up and Alt+Down')
    const serverHtml = await (await context.request.get(`${origin}/dashboard?sort=position`)).text()
    expect(serverHtml).toContain(`aria-describedby="${describedBy}"`)

    // Alt+↑ on a focused task: up one place, focus stays on it, and a screen reader hears where it went.
    await checkbox(page, 'Delta').focus()
    await page.keyboard.press('Alt+ArrowUp')
    await expect.poll(() => titles(page)).toEqual(['Bravo', 'Charlie', 'Delta', 'Alpha'])
    expect(await focusedTask(page)).toBe('Delta')
    await expect.poll(() => announcement(page)).toBe('Moved “Delta” to place 3 of 4.')
    await page.keyboard.press('Alt+ArrowUp')
    await expect.poll(() => titles(page)).toEqual(['Bravo', 'Delta', 'Charlie', 'Alpha'])
    expect(await focusedTask(page)).toBe('Delta')
    // Alt+↓ from the handle too: moving a row down moves it in the page, and its focus is put back.
    await page.getByRole('button', { name: 'Move “Bravo”' }).focus()
    await page.keyboard.press('Alt+ArrowDown')
    await expect.poll(() => titles(page)).toEqual(['Delta', 'Bravo', 'Charlie', 'Alpha'])
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move “Bravo”')
    await expect.poll(() => storedOrder(context, origin, userId)).toEqual(['Delta', 'Bravo', 'Charlie', 'Alpha'])
    expect(moves).toHaveLength(4)
    // At the top, Alt+↑ sends nothing and says so.
    await checkbox(page, 'Delta').focus()
    await page.keyboard.press('Alt+ArrowUp')
    await expect.poll(() => announcement(page)).toBe('“Delta” is already first.')
    await page.waitForTimeout(500)
    expect(moves).toHaveLength(4)

    await screenshot(page, 'own-order-light-desktop')
    await page.emulateMedia({ colorScheme: 'dark' })
    await screenshot(page, 'own-order-dark-desktop')
    await page.emulateMedia({ colorScheme: 'light' })

    // A move the api never gets (the connection drops) is shown at once, then put back by the page itself (the lists
    // it fetches meanwhile are held back, so no refetch does it), and the user is told.
    await page.route('**/move', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500))
      await route.abort('failed')
    })
    const listPath = `/api/${userId}/tasks`
    await page.route(
      (url) => url.pathname === listPath,
      async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 6_000))
        await route.continue().catch(() => undefined)
      },
    )
    await checkbox(page, 'Charlie').focus()
    await page.keyboard.press('Alt+ArrowUp')
    await expect.poll(() => titles(page)).toEqual(['Delta', 'Charlie', 'Bravo', 'Alpha'])
    await expect.poll(() => page.locator('.notice.error').textContent(), { timeout: 4_000 }).toContain('“Charlie” could not be moved, so it is back in its place.')
    expect(await titles(page)).toEqual(['Delta', 'Bravo', 'Charlie', 'Alpha'])
    await page.unroute('**/move')
    await page.unrouteAll({ behavior: 'ignoreErrors' })
    expect(await storedOrder(context, origin, userId)).toEqual(['Delta', 'Bravo', 'Charlie', 'Alpha'])

    // Another order: no handles, and Alt+↓ moves nothing but says where moving works.
    await page.getByLabel('Sort by').selectOption('title')
    await expect.poll(() => titles(page)).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta'])
    expect(await handles(page).count()).toBe(0)
    const movesBefore = moves.length
    await checkbox(page, 'Alpha').focus()
    await page.keyboard.press('Alt+ArrowDown')
    await expect.poll(() => page.locator('.notice.info').textContent()).toContain('Tasks move only in My order')
    expect(moves).toHaveLength(movesBefore)
    expect(await storedOrder(context, origin, userId)).toEqual(['Delta', 'Bravo', 'Charlie', 'Alpha'])
    await context.close()
  })

  it('converges: two browsers of one user moving tasks at once end with the same order as the api', async () => {
    const { origin } = running.stack
    const credentials = newCredentials()
    const first = await running.browser.newContext()
    const firstPage = await first.newPage()
    await signUpThroughForm(firstPage, origin, credentials)
    const userId = await userIdOf(first, origin)
    const all = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8']
    await addInOrder(first, origin, userId, all)

    const second = await running.browser.newContext()
    const secondPage = await second.newPage()
    await secondPage.goto(`${origin}/sign-in`)
    await secondPage.getByLabel('Email').fill(credentials.email)
    await secondPage.getByLabel('Password').fill(credentials.password)
    await secondPage.getByRole('button', { name: 'Sign in', exact: true }).click()
    await secondPage.waitForURL(`${origin}/dashboard`)
    const session = (await second.cookies()).find((cookie) => cookie.name.endsWith('better-auth.session_token'))
    if (session) noteSecrets(`${session.name}=${session.value}`)

    // Both on My order with their live streams open.
    for (const page of [firstPage, secondPage]) {
      const streamOpen = page.waitForResponse((response) => response.url().endsWith(`/api/${userId}/tasks/events`) && response.status() === 200)
      await page.goto(`${origin}/dashboard?sort=position`)
      await streamOpen
      await expect.poll(() => titles(page)).toEqual(all)
    }

    // At the same time: T1 goes down four places in the first, T8 up four in the second, key by key.
    const pressMany = async (page: Page, title: string, key: string) => {
      await checkbox(page, title).focus()
      for (let press = 0; press < 4; press++) {
        await page.keyboard.press(key)
        await page.waitForTimeout(40)
      }
    }
    await Promise.all([pressMany(firstPage, 'T1', 'Alt+ArrowDown'), pressMany(secondPage, 'T8', 'Alt+ArrowUp')])
    const started = performance.now()
    let converged: string[] | null = null
    while (performance.now() - started < CONVERGE_BUDGET_MS) {
      const [stored, shownFirst, shownSecond] = await Promise.all([storedOrder(first, origin, userId), titles(firstPage), titles(secondPage)])
      if (JSON.stringify(shownFirst) === JSON.stringify(stored) && JSON.stringify(shownSecond) === JSON.stringify(stored)) {
        converged = stored
        break
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const ms = Math.round(performance.now() - started)
    process.stdout.write(`${JSON.stringify({ suite: 'own-order', converged_ms: ms, order: converged })}\n`)
    expect(converged, 'both browsers show the api’s order').not.toBeNull()
    expect(converged).toHaveLength(all.length)
    // Each moved its four places in the api's order (the other's moves around it taken into account).
    expect(converged?.indexOf('T1')).toBeGreaterThan(0)
    expect(converged?.indexOf('T8')).toBeLessThan(all.length - 1)
    await Promise.all([first.close(), second.close()])
  })

  it('on a phone (360×740): searches, and moves a task with a finger on its handle', async () => {
    const context = await running.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    const { origin } = running.stack
    await signUpThroughForm(page, origin)
    const userId = await userIdOf(context, origin)
    await addInOrder(context, origin, userId, ['Pay rent', 'Buy milk', 'Buy bread', 'Call mum'])
    await page.goto(`${origin}/dashboard?sort=position`)
    expect(await titles(page)).toEqual(['Pay rent', 'Buy milk', 'Buy bread', 'Call mum'])

    // Search: the box fits, and typing narrows the list.
    const box = page.getByRole('searchbox', { name: 'Search' })
    expect(await box.getAttribute('enterkeyhint')).toBe('search')
    // In the page, not the viewport: tapping the box may scroll it into view (the verification banner and the lists'
    // switcher sit above it).
    const viewsTop = () => page.locator('nav.views').evaluate((views) => views.getBoundingClientRect().top + window.scrollY)
    const before = await viewsTop()
    await box.tap()
    await box.pressSequentially('buy', { delay: 40 })
    await expect.poll(() => titles(page)).toEqual(['Buy milk', 'Buy bread'])
    await expect.poll(() => page.locator('.search-summary').textContent()).toBe('2 tasks found')
    // The count shows on the label's line: nothing below the box moved.
    expect(await viewsTop()).toBe(before)
    await expect.poll(() => new URL(page.url()).search).toBe('?sort=position&q=buy')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await screenshot(page, 'search-light-phone')
    await page.emulateMedia({ colorScheme: 'dark' })
    await screenshot(page, 'search-dark-phone')
    await page.emulateMedia({ colorScheme: 'light' })

    // A move within the search: Buy bread above Buy milk, by finger; the whole order keeps the others where they were.
    const moves = watchMoves(page, userId)
    const handle = page.getByRole('button', { name: 'Move “Buy bread”' })
    const handleBox = await handle.boundingBox()
    expect(handleBox?.width).toBeGreaterThanOrEqual(44)
    await dragWithFinger(page, handle, page.locator('li.task', { hasText: 'Buy milk' }).locator('.task-title'))
    await expect.poll(() => titles(page)).toEqual(['Buy bread', 'Buy milk'])
    await expect.poll(() => storedOrder(context, origin, userId)).toEqual(['Pay rent', 'Buy bread', 'Buy milk', 'Call mum'])
    expect(moves).toHaveLength(1)

    await page.getByRole('searchbox', { name: 'Search' }).fill('')
    await expect.poll(() => titles(page)).toEqual(['Pay rent', 'Buy bread', 'Buy milk', 'Call mum'])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await screenshot(page, 'own-order-light-phone')
    await page.emulateMedia({ colorScheme: 'dark' })
    await screenshot(page, 'own-order-dark-phone')
    await context.close()
  })
})
