/// <reference lib="dom" />
import type { BrowserContext } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { hasChromium, signedUpPage, useBrowserStack } from './support/browser-stack.ts'

async function addTask(context: BrowserContext, origin: string, userId: string, title: string): Promise<string> {
  const created = await context.request.post(`${origin}/api/${userId}/tasks`, { data: { title }, headers: { origin } })
  expect(created.status()).toBe(201)
  return ((await created.json()) as { id: string }).id
}

describe.skipIf(!hasChromium)('the dashboard keeps what it fetched, and refreshes what is stale', () => {
  const running = useBrowserStack()

  it('fetches once as its live stream connects and then nothing again, keeps each filter cached, and shows a change made in another tab by itself', async () => {
    const { context, page, origin, userId } = await signedUpPage(running)
    await addTask(context, origin, userId, 'first task')

    // Every tasks request the page makes (the live stream aside), each answered 1 s late, so a fetch shows as "Loading…".
    const fetched: string[] = []
    await page.route(
      (url) => url.pathname.startsWith(`/api/${userId}/tasks`) && !url.pathname.endsWith('/events'),
      async (route) => {
        const url = new URL(route.request().url())
        fetched.push(`${route.request().method()} ${url.pathname.slice(`/api/${userId}/tasks`.length) || '/'}${url.search}`)
        await new Promise((resolve) => setTimeout(resolve, 1_000))
        await route.fallback()
      },
    )

    // The server rendered the first page and the counts; the browser fetches them once more only to catch up with
    // what changed between that render and its live stream connecting (use-live-task-updates.ts), then never again.
    await page.goto(`${origin}/dashboard`)
    await expect.poll(() => page.locator('.task-title').allTextContents()).toEqual(['first task'])
    await expect.poll(() => fetched.length, { timeout: 15_000 }).toBeGreaterThan(0)
    await page.waitForTimeout(2_500)
    expect(fetched.every((request) => request.startsWith('GET '))).toBe(true)
    expect(fetched.length).toBeLessThanOrEqual(2)
    fetched.length = 0
    await page.waitForTimeout(1_500)
    expect(fetched).toEqual([])

    // A task added here is in the cached list from its create's answer (not from the page the server rendered).
    await page.getByLabel('New task').fill('second task')
    await page.getByLabel('New task').press('Enter')
    await expect.poll(() => page.locator('.task:not(.pending)').count()).toBe(2)
    // Its own change comes back on the live stream too; let the refetch that follows land before the filters.
    await page.waitForTimeout(2_500)

    // A filter shown for the first time is fetched; shown again, the list is there at once, from the cache.
    await page.getByRole('button', { name: /^Active/ }).click()
    expect(await page.getByText('Loading…').isVisible()).toBe(true)
    await expect.poll(() => page.locator('.task-title').allTextContents()).toEqual(['second task', 'first task'])
    expect(fetched).toContain('GET /?status=pending&limit=50')
    await page.getByRole('button', { name: /^All/ }).click()
    expect(await page.getByText('Loading…').count()).toBe(0)
    expect(await page.locator('.task-title').allTextContents()).toEqual(['second task', 'first task'])

    // Another tab adds a task: this one shows it by itself, without a reload or being focused again.
    const otherTab = await context.newPage()
    await otherTab.goto(`${origin}/dashboard`)
    await otherTab.getByLabel('New task').fill('added in another tab')
    await otherTab.getByLabel('New task').press('Enter')
    await expect.poll(() => otherTab.locator('.task:not(.pending)').count()).toBe(3)
    await otherTab.close()
    const shown = async () => [await page.locator('.task-title').allTextContents(), await page.getByRole('button', { name: /^All/ }).textContent()]
    await expect.poll(shown, { timeout: 10_000 }).toEqual([['added in another tab', 'second task', 'first task'], 'All 3'])
    await context.close()
  })

  it('sends a delete still in its undo window when the page is left', async () => {
    const { context, page, origin, userId } = await signedUpPage(running)
    const id = await addTask(context, origin, userId, 'deleted on the way out')
    await page.reload()

    await page.getByRole('button', { name: 'Delete “deleted on the way out”' }).click()
    await expect.poll(() => page.getByRole('button', { name: 'Undo' }).isVisible()).toBe(true)
    await page.goto('about:blank')
    await expect.poll(async () => (await context.request.get(`${origin}/api/${userId}/tasks/${id}`)).status()).toBe(404)
    await context.close()
  })

  it('never shows an older change\'s answer over a newer change, not even for a moment', async () => {
    const { context, page, origin, userId } = await signedUpPage(running)
    const id = await addTask(context, origin, userId, 'toggled twice')
    await page.reload()

    // The first toggle reaches the server first; its answer reaches the page 1 s later, after the second's.
    let toggles = 0
    await page.route('**/complete', async (route) => {
      const first = ++toggles === 1
      const response = await route.fetch()
      if (first) await new Promise((resolve) => setTimeout(resolve, 1_000))
      await route.fulfill({ response })
    })
    const checkbox = page.getByLabel('toggled twice', { exact: true })
    await checkbox.click()
    await expect.poll(() => toggles).toBe(1)
    await checkbox.click()
    await expect.poll(() => toggles).toBe(2)

    // Looked at every 10 ms until well after the first answer and the refetch after the last change: never checked.
    const seen = await page.evaluate(async (checkboxId) => {
      const states: boolean[] = []
      for (const until = performance.now() + 2_500; performance.now() < until; ) {
        await new Promise((resolve) => setTimeout(resolve, 10))
        states.push((document.getElementById(checkboxId) as HTMLInputElement | null)?.checked ?? false)
      }
      return states
    }, `done-${id}`)
    expect(seen.length).toBeGreaterThan(50)
    expect(seen).not.toContain(true)
    await page.reload()
    expect(await page.getByLabel('toggled twice', { exact: true }).isChecked()).toBe(false)
    await context.close()
  })
})
