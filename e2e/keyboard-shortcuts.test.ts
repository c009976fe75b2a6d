/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { hasChromium, signUpThroughForm, useBrowserStack, userIdOf } from './support/browser-stack.ts'

interface StoredTask {
  title: string
  due_on: string | null
  priority: string
  completed: boolean
}

async function addTask(context: BrowserContext, origin: string, userId: string, body: Record<string, unknown>) {
  expect((await context.request.post(`${origin}/api/${userId}/tasks`, { data: body, headers: { origin } })).status()).toBe(201)
}

async function storedTasks(context: BrowserContext, origin: string, userId: string): Promise<StoredTask[]> {
  const response = await context.request.get(`${origin}/api/${userId}/tasks?sort=created_at&order=asc`)
  expect(response.status()).toBe(200)
  return ((await response.json()) as { tasks: StoredTask[] }).tasks
}

const titles = (page: Page) => page.locator('.task:not(.pending) .task-title').allTextContents()
/** The title of the task whose row has focus, or null. */
const focusedTask = (page: Page) => page.evaluate(() => document.activeElement?.closest('li[data-task-id]')?.querySelector('.task-title')?.textContent ?? null)

describe.skipIf(!hasChromium)('keyboard shortcuts on the dashboard', () => {
  const running = useBrowserStack()

  it('n, j, k, x, e, 1–3, 0, t, Delete with Undo, and ? for help; none while typing or with a modifier', async () => {
    // Kiritimati (UTC+14) at noon UTC on 1 December: the user's day, and so `t`, is 2 December.
    const context = await running.browser.newContext({ timezoneId: 'Pacific/Kiritimati' })
    await context.clock.setFixedTime(new Date('2026-12-01T12:00:00Z'))
    const page = await context.newPage()
    const { origin } = running.stack
    await signUpThroughForm(page, origin)
    const userId = await userIdOf(context, origin)
    await addTask(context, origin, userId, { title: 'third' })
    await addTask(context, origin, userId, { title: 'second' })
    await addTask(context, origin, userId, { title: 'first' })
    await page.reload()
    await expect.poll(() => titles(page)).toEqual(['first', 'second', 'third'])
    const stored = async (title: string) => (await storedTasks(context, origin, userId)).find((task) => task.title === title)
    await page.locator('body').click()

    await page.keyboard.press('j')
    expect(await focusedTask(page)).toBe('first')
    await page.keyboard.press('j')
    await page.keyboard.press('j')
    expect(await focusedTask(page)).toBe('third')
    await page.keyboard.press('k')
    expect(await focusedTask(page)).toBe('second')

    await page.keyboard.press('x')
    await expect.poll(async () => (await stored('second'))?.completed).toBe(true)
    await page.keyboard.press('3')
    await expect.poll(async () => (await stored('second'))?.priority).toBe('high')
    await page.keyboard.press('0')
    await expect.poll(async () => (await stored('second'))?.priority).toBe('none')
    await page.keyboard.press('2')
    await page.keyboard.press('t')
    await expect.poll(async () => await stored('second')).toMatchObject({ priority: 'medium', due_on: '2026-12-02' })
    expect(await page.locator('.task', { hasText: 'second' }).locator('.badge').allTextContents()).toEqual(['Due Today', 'Medium priority'])

    // With a modifier, nothing: Ctrl+1, Alt+x are the browser's and the system's.
    await page.keyboard.press('Control+1')
    await page.keyboard.press('Alt+x')
    await page.waitForTimeout(500)
    expect(await stored('second')).toMatchObject({ priority: 'medium', completed: true })

    await page.keyboard.press('e')
    await expect.poll(() => page.getByRole('form', { name: 'Edit “second”' }).isVisible()).toBe(true)
    // Typing in the editor is text, not shortcuts.
    await page.keyboard.type(' x1')
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await stored('second x1'))?.priority).toBe('medium')

    // Delete with Undo.
    await page.keyboard.press('Delete')
    await expect.poll(() => titles(page)).toEqual(['first', 'third'])
    await page.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => titles(page)).toEqual(['first', 'second x1', 'third'])

    // n goes to the new task field, and what is typed there is a title, never a shortcut.
    await page.locator('body').click()
    await page.keyboard.press('n')
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('title')
    await page.keyboard.type('x j 1 t')
    expect(await page.getByLabel('New task').inputValue()).toBe('x j 1 t')
    expect((await storedTasks(context, origin, userId)).map((task) => [task.title, task.completed, task.priority])).toEqual([
      ['third', false, 'none'],
      ['second x1', true, 'medium'],
      ['first', false, 'none'],
    ])

    // ? opens the help; Escape closes it.
    await page.locator('body').click()
    await page.keyboard.press('?')
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(true)
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(false)
    await context.close()
  })
})
