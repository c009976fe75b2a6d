/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { hasChromium, screenshot, signedUpPage, useBrowserStack } from './support/browser-stack.ts'

interface StoredTask {
  id: string
  title: string
  completed: boolean
}

/** Creates a task through the api (as another tab would), completed if asked. */
async function addTask(context: BrowserContext, origin: string, userId: string, body: { title: string; description?: string; due_on?: string }, completed = false) {
  const created = await context.request.post(`${origin}/api/${userId}/tasks`, { data: body, headers: { origin } })
  expect(created.status()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  if (completed) expect((await context.request.patch(`${origin}/api/${userId}/tasks/${id}/complete`, { data: { completed: true }, headers: { origin } })).status()).toBe(200)
}

async function storedTasks(context: BrowserContext, origin: string, userId: string): Promise<Record<string, boolean>> {
  const response = await context.request.get(`${origin}/api/${userId}/tasks?limit=100`)
  expect(response.status()).toBe(200)
  return Object.fromEntries(((await response.json()) as { tasks: StoredTask[] }).tasks.map((task) => [task.title, task.completed]))
}

const titles = (page: Page) => page.locator('.task:not(.pending) .task-title').allTextContents()
const pathOf = (page: Page) => {
  const url = new URL(page.url())
  return `${url.pathname}${url.search}`
}
const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search' })
const filterButton = (page: Page, name: 'All' | 'Active' | 'Completed') => page.getByRole('button', { name: new RegExp(`^${name} \\d`) })
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? null)

describe.skipIf(!hasChromium)('searching the dashboard', () => {
  const running = useBrowserStack()

  it('searches as one types (one request after a pause), keeps q in the URL and across a reload, with filters, views, counts and mark all', async () => {
    const { context, page, origin, userId } = await signedUpPage(running)
    await addTask(context, origin, userId, { title: 'Call mum' })
    await addTask(context, origin, userId, { title: 'Milkshake recipe' }, true)
    await addTask(context, origin, userId, { title: 'Buy oat milk', due_on: '2099-01-01' })
    await addTask(context, origin, userId, { title: 'Buy milk', description: 'and bread' })
    await page.reload()
    await expect.poll(() => titles(page)).toEqual(['Buy milk', 'Buy oat milk', 'Milkshake recipe', 'Call mum'])

    // Every list the page asks for while the search is typed.
    const searches: string[] = []
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (request.method() === 'GET' && url.pathname === `/api/${userId}/tasks`) searches.push(url.searchParams.get('q') ?? '')
    })
    const historyBefore = await page.evaluate(() => history.length)
    const box = searchBox(page)
    expect(await box.getAttribute('type')).toBe('search')
    await box.click()
    await box.pressSequentially('milk', { delay: 60 })
    await expect.poll(() => pathOf(page)).toBe('/dashboard?q=milk')
    await expect.poll(() => titles(page)).toEqual(['Buy milk', 'Buy oat milk', 'Milkshake recipe'])
    // Typed faster than the pause: no request for `m`, `mi` or `mil`; and the URL was replaced, not pushed.
    expect(searches.filter((q) => q !== '')).toEqual(['milk'])
    expect(await page.evaluate(() => history.length)).toBe(historyBefore)
    // The counts are the search's.
    await expect.poll(() => filterButton(page, 'All').textContent()).toBe('All 3')
    expect(await filterButton(page, 'Active').textContent()).toBe('Active 2')
    expect(await filterButton(page, 'Completed').textContent()).toBe('Completed 1')
    await expect.poll(() => page.locator('.search-summary').textContent()).toBe('3 tasks found')

    // A description counts, and every word must be found (the beginning of a word is enough).
    await box.fill('milk bre')
    await expect.poll(() => titles(page)).toEqual(['Buy milk'])
    await box.fill('milk')
    await expect.poll(() => titles(page)).toEqual(['Buy milk', 'Buy oat milk', 'Milkshake recipe'])

    // The server renders the first page of the search: a reload shows it at once, with the box filled in.
    const html = await (await context.request.get(`${origin}/dashboard?q=milk`)).text()
    expect(html).toContain('Buy oat milk')
    expect(html).not.toContain('Call mum')
    await page.reload()
    expect(pathOf(page)).toBe('/dashboard?q=milk')
    expect(await titles(page)).toEqual(['Buy milk', 'Buy oat milk', 'Milkshake recipe'])
    expect(await searchBox(page).inputValue()).toBe('milk')
    await screenshot(page, 'search-light-desktop')
    await page.emulateMedia({ colorScheme: 'dark' })
    await screenshot(page, 'search-dark-desktop')
    await page.emulateMedia({ colorScheme: 'light' })

    // With the status filter and a date view: each keeps the search, and the search keeps them.
    await filterButton(page, 'Active').click()
    await expect.poll(() => pathOf(page)).toBe('/dashboard?status=active&q=milk')
    await expect.poll(() => titles(page)).toEqual(['Buy milk', 'Buy oat milk'])
    await page.getByRole('link', { name: /^No date/ }).click()
    await expect.poll(() => pathOf(page)).toBe('/dashboard?status=active&view=no-date&q=milk')
    await expect.poll(() => titles(page)).toEqual(['Buy milk'])
    await page.getByLabel('Sort by').selectOption('title')
    await expect.poll(() => pathOf(page)).toBe('/dashboard?status=active&view=no-date&sort=title&q=milk')

    // Mark all acts on exactly what is shown: the active, undated tasks the search finds, nothing else.
    await page.getByLabel('Mark all as complete').click()
    await expect
      .poll(() => storedTasks(context, origin, userId))
      .toEqual({ 'Buy milk': true, 'Buy oat milk': false, 'Milkshake recipe': true, 'Call mum': false })

    // Nothing found: said so, with a way back.
    await page.getByRole('navigation', { name: 'Date views' }).getByRole('link', { name: /^All/ }).click()
    await filterButton(page, 'All').click()
    await searchBox(page).fill('zebra')
    await expect.poll(() => page.locator('.empty').textContent()).toContain('Nothing matched “zebra”.')
    await page.getByRole('button', { name: 'Clear search' }).click()
    await expect.poll(() => pathOf(page)).toBe('/dashboard?sort=title')
    expect(await searchBox(page).inputValue()).toBe('')
    await expect.poll(() => titles(page)).toEqual(['Buy milk', 'Buy oat milk', 'Call mum', 'Milkshake recipe'])

    // `/` goes to the box from anywhere but a field; Escape there clears the search.
    await page.locator('h1').click()
    await page.keyboard.press('/')
    expect(await focusedId(page)).toBe('task-search')
    await page.keyboard.type('call')
    await expect.poll(() => titles(page)).toEqual(['Call mum'])
    await expect.poll(() => pathOf(page)).toBe('/dashboard?sort=title&q=call')
    await page.keyboard.press('Escape')
    expect(await searchBox(page).inputValue()).toBe('')
    await expect.poll(() => pathOf(page)).toBe('/dashboard?sort=title')
    await expect.poll(() => titles(page)).toHaveLength(4)
    // In a field, `/` is a character.
    await page.getByLabel('New task').click()
    await page.keyboard.type('a/b')
    expect(await page.getByLabel('New task').inputValue()).toBe('a/b')
    expect(await focusedId(page)).not.toBe('task-search')

    // Back and Forward bring the box along with the list.
    await page.goto(`${origin}/dashboard?q=buy`)
    await filterButton(page, 'Active').click()
    await expect.poll(() => pathOf(page)).toBe('/dashboard?status=active&q=buy')
    await searchBox(page).fill('call')
    await expect.poll(() => pathOf(page)).toBe('/dashboard?status=active&q=call')
    await page.goBack()
    await expect.poll(() => pathOf(page)).toBe('/dashboard?q=buy')
    await expect.poll(() => searchBox(page).inputValue()).toBe('buy')
    await expect.poll(() => titles(page)).toEqual(['Buy milk', 'Buy oat milk'])

    // The help lists it.
    await page.locator('h1').click()
    await page.keyboard.press('?')
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await expect.poll(() => help.isVisible()).toBe(true)
    expect(await help.textContent()).toContain('Search (Escape clears it)')
    await page.keyboard.press('Escape')
    await context.close()
  })
})
