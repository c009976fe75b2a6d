import type { BrowserContext, Page, Route } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { hasChromium, signedUpPage, useBrowserStack } from './support/browser-stack.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The titles of the user's tasks as stored, oldest first. */
async function storedTitles(context: BrowserContext, origin: string, userId: string): Promise<string[]> {
  const response = await context.request.get(`${origin}/api/${userId}/tasks?sort=created_at&order=asc`)
  expect(response.status()).toBe(200)
  const page = (await response.json()) as { tasks: Array<{ title: string }> }
  return page.tasks.map((task) => task.title)
}

/** Sends every create (`POST /api/{userId}/tasks`) through `handle`; other requests go on as they are. */
async function routeCreates(page: Page, userId: string, handle: (route: Route) => Promise<void>) {
  await page.route(
    (url) => url.pathname === `/api/${userId}/tasks`,
    (route) => (route.request().method() === 'POST' ? handle(route) : route.fallback()),
  )
}

/** Refuses the second create with a 422 in the api's error shape, once the returned function is called. */
async function refuseSecondCreate(page: Page, userId: string): Promise<() => void> {
  let creates = 0
  let release = () => {}
  const released = new Promise<void>((resolve) => (release = resolve))
  await routeCreates(page, userId, async (route) => {
    if (++creates !== 2) return route.fallback()
    await released
    await route.fulfill({
      status: 422,
      contentType: 'application/json',
      body: JSON.stringify({
        error_code: 'VALIDATION_FAILED',
        message: 'Some fields are not valid.',
        detail: [{ field: 'title', message: 'is refused by this test' }],
        request_id: 'e2e-refusal',
      }),
    })
  })
  return release
}

/** Types each title into "New task" and presses Enter right after it, never waiting for the page. */
async function typeEach(page: Page, titles: string[]) {
  await page.getByLabel('New task').focus()
  for (const title of titles) {
    await page.keyboard.type(title)
    await page.keyboard.press('Enter')
  }
}

describe.skipIf(!hasChromium)('quick entry never loses a keystroke', () => {
  const running = useBrowserStack()

  it('ten tasks typed with Enter after each, each create answered 300 ms late: all shown at once, in order, and stored in order', async () => {
    const { context, page, origin, userId } = await signedUpPage(running)

    let answered = 0
    let onTheirWay = 0
    let mostAtOnce = 0
    await routeCreates(page, userId, async (route) => {
      mostAtOnce = Math.max(mostAtOnce, ++onTheirWay)
      const response = await route.fetch()
      await sleep(300)
      await route.fulfill({ response })
      onTheirWay--
      answered++
    })

    const titles = Array.from({ length: 10 }, (_, index) => `quick task ${index + 1}`)
    await typeEach(page, titles)

    // All ten on screen, newest first as the list is ordered, before the api has answered them all.
    const newestFirst = titles.toReversed()
    await expect.poll(() => page.locator('.task-title').allTextContents(), { timeout: 2_000 }).toEqual(newestFirst)
    expect(answered).toBeLessThan(10)
    expect(await page.getByLabel('New task').inputValue()).toBe('')

    // Then each is stored, and the list shows them saved, in the same order.
    await expect.poll(() => page.locator('.task:not(.pending)').count(), { timeout: 20_000 }).toBe(10)
    expect(await page.locator('.task-title').allTextContents()).toEqual(newestFirst)
    expect(await page.getByRole('button', { name: /^All 10/ }).isVisible()).toBe(true)
    expect(await page.locator('.notice.error').count()).toBe(0)
    // Stored in typing order: sent one after another, never two on their way at once.
    expect(await storedTitles(context, origin, userId)).toEqual(titles)
    expect(mostAtOnce).toBe(1)

    await page.reload()
    expect(await page.locator('.task-title').allTextContents()).toEqual(newestFirst)
    await context.close()
  })

  it('a create the api refuses gives its text back to the input, says why, and the tasks typed around it are stored', async () => {
    const { context, page, origin, userId } = await signedUpPage(running)

    // The second create is refused (in the api's error shape), but only once the third has been typed.
    const releaseRefusal = await refuseSecondCreate(page, userId)

    await typeEach(page, ['first kept', 'refused one', 'third kept'])
    await expect.poll(() => page.locator('.task-title').allTextContents()).toEqual(['third kept', 'refused one', 'first kept'])
    releaseRefusal()

    await expect.poll(() => page.getByLabel('New task').inputValue()).toBe('refused one')
    expect(await page.locator('.notice.error').textContent()).toContain('Some fields are not valid. (title: is refused by this test)')
    await expect.poll(() => page.locator('.task:not(.pending)').count()).toBe(2)
    expect(await page.locator('.task-title').allTextContents()).toEqual(['third kept', 'first kept'])
    expect(await page.getByRole('button', { name: /^All 2/ }).isVisible()).toBe(true)
    expect(await storedTitles(context, origin, userId)).toEqual(['first kept', 'third kept'])
    await context.close()
  })

  it('a refused create never overwrites the next task being typed: its text stays in the message instead', async () => {
    const { context, page, userId } = await signedUpPage(running)
    const releaseRefusal = await refuseSecondCreate(page, userId)

    await typeEach(page, ['first kept', 'refused one'])
    await page.keyboard.type('half typed')
    releaseRefusal()

    await expect.poll(() => page.locator('.notice.error').textContent()).toContain('“refused one” was not added. Some fields are not valid.')
    expect(await page.getByLabel('New task').inputValue()).toBe('half typed')
    expect(await page.locator('.task-title').allTextContents()).toEqual(['first kept'])
    await context.close()
  })
})
