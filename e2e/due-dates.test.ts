/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { type BrowserStack, hasChromium, signUpThroughForm, useBrowserStack, userIdOf } from './support/browser-stack.ts'

// Noon UTC on 1 December is already 2 December (02:00) on Kiritimati (UTC+14): the dashboard must use the browser's
// day, never the server's.
const NOW = new Date('2026-12-01T12:00:00Z')
const TIME_ZONE = 'Pacific/Kiritimati'
const TODAY = '2026-12-02'

interface StoredTask {
  id: string
  title: string
  due_on: string | null
  priority: string
  completed: boolean
}

/** A signed-up user in a browser on Kiritimati time, its clock fixed at `NOW`, on the dashboard. */
async function signedUpOnKiritimati(running: { readonly stack: BrowserStack; readonly browser: Browser }) {
  const context = await running.browser.newContext({ timezoneId: TIME_ZONE })
  await context.clock.setFixedTime(NOW)
  const page = await context.newPage()
  const { origin } = running.stack
  await signUpThroughForm(page, origin)
  return { context, page, origin, userId: await userIdOf(context, origin) }
}

async function addTask(context: BrowserContext, origin: string, userId: string, body: Record<string, unknown>): Promise<StoredTask> {
  const created = await context.request.post(`${origin}/api/${userId}/tasks`, { data: body, headers: { origin } })
  expect(created.status()).toBe(201)
  return (await created.json()) as StoredTask
}

async function storedTasks(context: BrowserContext, origin: string, userId: string): Promise<StoredTask[]> {
  const response = await context.request.get(`${origin}/api/${userId}/tasks?sort=created_at&order=asc`)
  expect(response.status()).toBe(200)
  return ((await response.json()) as { tasks: StoredTask[] }).tasks
}

const titles = (page: Page) => page.locator('.task:not(.pending) .task-title').allTextContents()
const viewLink = (page: Page, name: string) => page.getByRole('navigation', { name: 'Date views' }).getByRole('link', { name: new RegExp(`^${name} `) })
const viewCounts = (page: Page) => page.getByRole('navigation', { name: 'Date views' }).getByRole('link').allTextContents()

describe.skipIf(!hasChromium)('due dates, date views and priority on the dashboard', () => {
  const running = useBrowserStack()

  it('shows each date view with its count for the browser’s own day, in the URL, rendered by the server on reload, with Back working', async () => {
    const { context, page, origin, userId } = await signedUpOnKiritimati(running)
    await addTask(context, origin, userId, { title: 'late one', due_on: '2026-12-01' })
    await addTask(context, origin, userId, { title: 'due today', due_on: TODAY })
    await addTask(context, origin, userId, { title: 'next week', due_on: '2026-12-09' })
    await addTask(context, origin, userId, { title: 'friday', due_on: '2026-12-04' })
    await addTask(context, origin, userId, { title: 'someday' })
    const done = await addTask(context, origin, userId, { title: 'done today', due_on: TODAY })
    expect((await context.request.patch(`${origin}/api/${userId}/tasks/${done.id}`, { data: { completed: true }, headers: { origin } })).status()).toBe(200)

    await page.goto(`${origin}/dashboard?view=today`)
    await expect.poll(() => viewCounts(page)).toEqual(['Today 2', 'Upcoming 2', 'Overdue 1', 'No date 1', 'All 6'])
    await expect.poll(() => titles(page)).toEqual(['due today', 'late one'])
    expect(await viewLink(page, 'Today').getAttribute('aria-current')).toBe('page')
    expect(await page.locator('.tasks-left').textContent()).toBe('2 tasks left')
    // Labels from the browser's day: overdue in the danger colour.
    expect(await page.locator('.task', { hasText: 'late one' }).locator('.due').textContent()).toBe('Overdue: Yesterday')
    expect(await page.locator('.task', { hasText: 'late one' }).locator('.due').getAttribute('class')).toContain('due-overdue')
    expect(await page.locator('.task', { hasText: 'due today' }).locator('.due').textContent()).toBe('Due Today')

    // The server rendered that list for the day the browser's cookie named: the HTML has it before any script runs.
    const html = await (await context.request.get(`${origin}/dashboard?view=overdue`)).text()
    expect(html).toContain('late one')
    expect(html).not.toContain('due today')

    await viewLink(page, 'Upcoming').click()
    await page.waitForURL(`${origin}/dashboard?view=upcoming`)
    // Soonest first.
    await expect.poll(() => titles(page)).toEqual(['friday', 'next week'])
    expect(await page.locator('.task', { hasText: 'friday' }).locator('.due').textContent()).toBe('Due Friday')
    await viewLink(page, 'No date').click()
    await page.waitForURL(`${origin}/dashboard?view=no-date`)
    await expect.poll(() => titles(page)).toEqual(['someday'])
    expect(await page.locator('.tasks-left').textContent()).toBe('1 task')

    await page.goBack()
    await page.waitForURL(`${origin}/dashboard?view=upcoming`)
    await expect.poll(() => titles(page)).toEqual(['friday', 'next week'])

    // Combined with the status filter, and kept on reload.
    await page.goto(`${origin}/dashboard?view=overdue&status=active`)
    await expect.poll(() => titles(page)).toEqual(['late one'])
    expect(await page.getByRole('button', { name: /^Active \d/ }).getAttribute('aria-pressed')).toBe('true')

    // Mark all follows the view: only the overdue task is completed.
    await page.getByLabel('Mark all as complete').click()
    await expect.poll(() => viewCounts(page)).toEqual(['Today 1', 'Upcoming 2', 'Overdue 0', 'No date 1', 'All 6'])
    await expect.poll(async () => (await storedTasks(context, origin, userId)).filter((task) => task.completed).map((task) => task.title)).toEqual(['late one', 'done today'])
    await context.close()
  })

  it('without the day cookie, a date view is fetched by the browser for its own day', async () => {
    const { context, page, origin, userId } = await signedUpOnKiritimati(running)
    await addTask(context, origin, userId, { title: 'due today', due_on: TODAY })
    await addTask(context, origin, userId, { title: 'due on the server’s day', due_on: '2026-12-01' })
    await context.clearCookies({ name: 'tasklane-day' })
    await page.goto(`${origin}/dashboard?view=upcoming`)
    await expect.poll(() => titles(page)).toEqual([])
    await expect.poll(() => page.getByText('Nothing coming up.').isVisible()).toBe(true)
    await viewLink(page, 'Today').click()
    await expect.poll(() => titles(page)).toEqual(['due on the server’s day', 'due today'])
    await expect.poll(async () => (await context.cookies()).find((cookie) => cookie.name === 'tasklane-day')?.value).toBe(TODAY)
    await context.close()
  })

  it('quick entry: a trailing “tomorrow” becomes a chip and the due day; Backspace or a click takes the chip away and keeps the words', async () => {
    const { context, page, origin, userId } = await signedUpOnKiritimati(running)
    const title = page.getByLabel('New task')

    await title.fill('Pay rent tomorrow')
    await expect.poll(() => page.locator('.due-chip').textContent()).toBe('Due Thu 3 Dec ×')
    await title.press('Enter')
    await expect.poll(async () => (await storedTasks(context, origin, userId)).map((task) => [task.title, task.due_on])).toEqual([['Pay rent', '2026-12-03']])
    await expect.poll(() => page.locator('.task', { hasText: 'Pay rent' }).locator('.due').textContent()).toBe('Due Tomorrow')
    expect(await page.locator('.due-chip').count()).toBe(0)

    // Backspace takes the chip, not a letter; the next Backspace deletes as usual.
    await title.fill('Call Ann fri')
    await expect.poll(() => page.locator('.due-chip').textContent()).toBe('Due Fri 4 Dec ×')
    await title.press('Backspace')
    expect(await page.locator('.due-chip').count()).toBe(0)
    expect(await title.inputValue()).toBe('Call Ann fri')
    await title.press('Enter')

    // One click on the chip does the same.
    await title.fill('Wrap gifts 2026-12-24')
    await page.locator('.due-chip').click()
    expect(await page.locator('.due-chip').count()).toBe(0)
    await title.press('Enter')

    await expect.poll(async () => (await storedTasks(context, origin, userId)).map((task) => [task.title, task.due_on])).toEqual([
      ['Pay rent', '2026-12-03'],
      ['Call Ann fri', null],
      ['Wrap gifts 2026-12-24', null],
    ])
    await context.close()
  })

  it('sets a due day and priority when adding and in the editor, and sorts by due day, priority and title', async () => {
    const { context, page, origin, userId } = await signedUpOnKiritimati(running)
    await page.getByLabel('New task').fill('b task')
    await page.getByLabel('Due date').fill('2026-12-20')
    await page.getByLabel('Priority').selectOption('low')
    await page.getByRole('button', { name: 'Add task' }).click()
    await expect.poll(async () => (await storedTasks(context, origin, userId)).map((task) => [task.title, task.due_on, task.priority])).toEqual([['b task', '2026-12-20', 'low']])
    await addTask(context, origin, userId, { title: 'c task' })
    await addTask(context, origin, userId, { title: 'a task', due_on: '2026-12-05' })
    await page.reload()
    await expect.poll(() => titles(page)).toEqual(['a task', 'c task', 'b task'])

    // The editor: priority High and a due day for "c task".
    await page.getByRole('button', { name: 'Edit “c task”' }).click()
    const editor = page.getByRole('form', { name: 'Edit “c task”' })
    await editor.getByLabel('Due date').fill('2026-12-03')
    await editor.getByLabel('Priority').selectOption('high')
    await editor.getByRole('button', { name: 'Save' }).click()
    await expect.poll(async () => (await storedTasks(context, origin, userId)).find((task) => task.title === 'c task')).toMatchObject({ due_on: '2026-12-03', priority: 'high' })
    expect(await page.locator('.task', { hasText: 'c task' }).locator('.badge').allTextContents()).toEqual(['Due Tomorrow', 'High priority'])

    const sortBy = page.getByLabel('Sort by')
    await sortBy.selectOption('due')
    await page.waitForURL(`${origin}/dashboard?sort=due`)
    await expect.poll(() => titles(page)).toEqual(['c task', 'a task', 'b task'])
    await sortBy.selectOption('priority')
    await page.waitForURL(`${origin}/dashboard?sort=priority`)
    await expect.poll(() => titles(page)).toEqual(['c task', 'b task', 'a task'])
    await sortBy.selectOption('title')
    await expect.poll(() => titles(page)).toEqual(['a task', 'b task', 'c task'])
    await page.reload()
    await expect.poll(() => titles(page)).toEqual(['a task', 'b task', 'c task'])
    expect(await sortBy.inputValue()).toBe('title')
    await context.close()
  })
})
