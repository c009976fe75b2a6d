/// <reference lib="dom" />
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { hasChromium, newCredentials, screenshot, signedUpPage, signUpThroughForm, useBrowserStack, userIdOf } from './support/browser-stack.ts'

interface StoredTask {
  id: string
  title: string
  completed: boolean
}

/** Creates a task through the api (as another tab would), completed if asked; its id. */
async function addTask(context: BrowserContext, origin: string, userId: string, title: string, completed = false): Promise<string> {
  const created = await context.request.post(`${origin}/api/${userId}/tasks`, { data: { title }, headers: { origin } })
  expect(created.status()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  if (completed) {
    const done = await context.request.patch(`${origin}/api/${userId}/tasks/${id}/complete`, { data: { completed: true }, headers: { origin } })
    expect(done.status()).toBe(200)
  }
  return id
}

/** The user's tasks as stored, by title. */
async function storedTasks(context: BrowserContext, origin: string, userId: string): Promise<Record<string, boolean>> {
  const response = await context.request.get(`${origin}/api/${userId}/tasks?limit=100`)
  expect(response.status()).toBe(200)
  const { tasks } = (await response.json()) as { tasks: StoredTask[] }
  return Object.fromEntries(tasks.map((task) => [task.title, task.completed]))
}

/** Every request the page sends with `method` to `/api/{userId}/tasks{path}`, with its JSON body, as they go. */
function watchRequests(page: Page, userId: string, method: string, path: string): unknown[] {
  const seen: unknown[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (request.method() === method && url.pathname === `/api/${userId}/tasks${path}`) seen.push(method === 'GET' ? url.search : request.postDataJSON())
  })
  return seen
}

const titles = (page: Page) => page.locator('.task:not(.pending) .task-title').allTextContents()
const checked = (page: Page) => page.locator('.task:not(.pending) input[type="checkbox"]').evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).checked))
const pathOf = (page: Page) => {
  const url = new URL(page.url())
  return `${url.pathname}${url.search}`
}
const counter = (page: Page) => page.locator('.tasks-left').textContent()
const isFocused = (target: Locator) => target.evaluate((element) => element === document.activeElement)
const markAll = (page: Page) => page.getByLabel('Mark all as complete')
const filterButton = (page: Page, name: 'All' | 'Active' | 'Completed') => page.getByRole('button', { name: new RegExp(`^${name} \\d`) })

describe.skipIf(!hasChromium)('the TodoMVC set: mark all, clear completed, edit in place, the counter, the filter in the URL', () => {
  const running = useBrowserStack()

  it('keeps the filter in the URL: each filter has its address, Back and Forward move between them, a reload and sign-in keep it', async () => {
    const credentials = newCredentials()
    const context = await running.browser.newContext()
    const page = await context.newPage()
    const { origin } = running.stack
    await signUpThroughForm(page, origin, credentials)
    const userId = await userIdOf(context, origin)
    await addTask(context, origin, userId, 'done one', true)
    await addTask(context, origin, userId, 'open one')
    await page.reload()
    await expect.poll(() => titles(page)).toEqual(['open one', 'done one'])

    // Nothing is asked of the web server while filters change: every list comes from the api, or from the cache.
    const documentRequests: string[] = []
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (url.pathname === '/dashboard') documentRequests.push(url.search)
    })

    await filterButton(page, 'Active').click()
    await expect.poll(() => pathOf(page)).toBe('/dashboard?status=active')
    await expect.poll(() => titles(page)).toEqual(['open one'])
    expect(await filterButton(page, 'Active').getAttribute('aria-pressed')).toBe('true')
    await filterButton(page, 'Completed').click()
    await expect.poll(() => pathOf(page)).toBe('/dashboard?status=completed')
    await expect.poll(() => titles(page)).toEqual(['done one'])
    // The filter already shown adds no history entry.
    await filterButton(page, 'Completed').click()

    // Back: Active, then All; Forward: Active again. Each with its list and its button pressed.
    await page.goBack()
    await expect.poll(() => pathOf(page)).toBe('/dashboard?status=active')
    await expect.poll(() => titles(page)).toEqual(['open one'])
    expect(await filterButton(page, 'Active').getAttribute('aria-pressed')).toBe('true')
    await page.goBack()
    await expect.poll(() => pathOf(page)).toBe('/dashboard')
    await expect.poll(() => titles(page)).toEqual(['open one', 'done one'])
    expect(await filterButton(page, 'All').getAttribute('aria-pressed')).toBe('true')
    await page.goForward()
    await expect.poll(() => pathOf(page)).toBe('/dashboard?status=active')
    await expect.poll(() => titles(page)).toEqual(['open one'])
    expect(documentRequests).toEqual([])

    // The server renders the first page of the filter the URL names: the completed task is not even in the HTML.
    const html = await (await context.request.get(`${origin}/dashboard?status=active`)).text()
    expect(html).toContain('open one')
    expect(html).not.toContain('done one')
    const completedHtml = await (await context.request.get(`${origin}/dashboard?status=completed`)).text()
    expect(completedHtml).toContain('done one')
    expect(completedHtml).not.toContain('open one')

    // A reload keeps the filter, and shows at once what the server rendered for it.
    await page.reload()
    expect(pathOf(page)).toBe('/dashboard?status=active')
    expect(await titles(page)).toEqual(['open one'])
    expect(await filterButton(page, 'Active').getAttribute('aria-pressed')).toBe('true')

    // Unknown values (and the api's own word) fall back to all.
    for (const status of ['bogus', 'pending', 'ACTIVE', '']) {
      await page.goto(`${origin}/dashboard?status=${status}`)
      expect(await titles(page)).toEqual(['open one', 'done one'])
      expect(await filterButton(page, 'All').getAttribute('aria-pressed')).toBe('true')
    }

    // Signed out, a link to a filter goes through sign-in and back to that filter.
    const signedOut = await running.browser.newContext()
    const visitor = await signedOut.newPage()
    await visitor.goto(`${origin}/dashboard?status=completed`)
    expect(pathOf(visitor)).toBe('/sign-in?next=/dashboard%3Fstatus%3Dcompleted')
    await visitor.getByLabel('Email').fill(credentials.email)
    await visitor.getByLabel('Password').fill(credentials.password)
    await visitor.getByRole('button', { name: 'Sign in', exact: true }).click()
    await visitor.waitForURL(`${origin}/dashboard?status=completed`)
    await expect.poll(() => titles(visitor)).toEqual(['done one'])
    await signedOut.close()
    await context.close()
  })

  it('counts what is left with the right plural', async () => {
    const { context, page, origin, userId } = await signedUpPage(running)
    // No tasks: no counter, no mark all.
    await expect.poll(() => page.getByText('No tasks yet').isVisible()).toBe(true)
    expect(await page.locator('.list-bar').count()).toBe(0)

    await page.getByLabel('New task').fill('first')
    await page.getByLabel('New task').press('Enter')
    await expect.poll(() => counter(page)).toBe('1 task left')
    await page.getByLabel('New task').fill('second')
    await page.getByLabel('New task').press('Enter')
    await expect.poll(() => counter(page)).toBe('2 tasks left')
    await expect.poll(() => page.locator('.task:not(.pending)').count()).toBe(2)
    await page.getByLabel('first', { exact: true }).click()
    await expect.poll(() => counter(page)).toBe('1 task left')
    await page.getByLabel('second', { exact: true }).click()
    await expect.poll(() => counter(page)).toBe('0 tasks left')
    await addTask(context, origin, userId, 'third')
    await addTask(context, origin, userId, 'fourth')
    await addTask(context, origin, userId, 'fifth')
    await page.reload()
    await expect.poll(() => counter(page)).toBe('3 tasks left')
    await context.close()
  })

  it('marks all complete in one request, and all active again, in every filter, optimistically, rolled back on failure', async () => {
    const { context, page, origin, userId } = await signedUpPage(running)
    await addTask(context, origin, userId, 'alpha', true)
    await addTask(context, origin, userId, 'beta')
    await addTask(context, origin, userId, 'gamma')
    await page.reload()
    const sent = watchRequests(page, userId, 'POST', '/complete-all')

    // All: one open task is enough for "mark all" to complete them.
    expect(await markAll(page).isChecked()).toBe(false)
    expect(await counter(page)).toBe('2 tasks left')
    await markAll(page).click()
    await expect.poll(() => checked(page)).toEqual([true, true, true])
    await expect.poll(() => counter(page)).toBe('0 tasks left')
    expect(await markAll(page).isChecked()).toBe(true)
    await expect.poll(() => filterButton(page, 'Completed').textContent()).toBe('Completed 3')
    await expect.poll(() => storedTasks(context, origin, userId)).toEqual({ alpha: true, beta: true, gamma: true })
    expect(sent).toEqual([{ status: 'all', completed: true }])

    // All completed: it makes them active again.
    await markAll(page).click()
    await expect.poll(() => checked(page)).toEqual([false, false, false])
    await expect.poll(() => counter(page)).toBe('3 tasks left')
    await expect.poll(() => storedTasks(context, origin, userId)).toEqual({ alpha: false, beta: false, gamma: false })
    expect(sent).toEqual([
      { status: 'all', completed: true },
      { status: 'all', completed: false },
    ])

    // Active: only what it shows is sent as the filter; the list empties and "mark all" goes with nothing to mark.
    await page.getByLabel('alpha', { exact: true }).click()
    await expect.poll(() => counter(page)).toBe('2 tasks left')
    await expect.poll(() => storedTasks(context, origin, userId)).toEqual({ alpha: true, beta: false, gamma: false })
    await filterButton(page, 'Active').click()
    await expect.poll(() => titles(page)).toEqual(['gamma', 'beta'])
    await markAll(page).click()
    await expect.poll(() => page.getByText('Nothing left to do').isVisible()).toBe(true)
    expect(await markAll(page).count()).toBe(0)
    expect(await counter(page)).toBe('0 tasks left')
    expect(await filterButton(page, 'Completed').textContent()).toBe('Completed 3')
    expect(sent.at(-1)).toEqual({ status: 'pending', completed: true })
    await expect.poll(() => storedTasks(context, origin, userId)).toEqual({ alpha: true, beta: true, gamma: true })

    // Completed: every task shown is completed, so it makes them active again.
    await filterButton(page, 'Completed').click()
    await expect.poll(() => titles(page)).toEqual(['gamma', 'beta', 'alpha'])
    expect(await markAll(page).isChecked()).toBe(true)
    await markAll(page).click()
    await expect.poll(() => page.getByText('Nothing completed yet').isVisible()).toBe(true)
    expect(sent.at(-1)).toEqual({ status: 'completed', completed: false })
    await expect.poll(() => storedTasks(context, origin, userId)).toEqual({ alpha: false, beta: false, gamma: false })
    expect(sent).toHaveLength(4)

    // A refusal: shown at once, then put back, with the api's message; the counts too.
    await filterButton(page, 'All').click()
    await expect.poll(() => checked(page)).toEqual([false, false, false])
    await page.waitForTimeout(1_000) // the refetch after the last change
    let answerRefusal = () => {}
    const refusalSent = new Promise<void>((resolve) => (answerRefusal = resolve))
    await page.route(`**/api/${userId}/tasks/complete-all`, async (route) => {
      await refusalSent
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        headers: { 'retry-after': '2' },
        body: JSON.stringify({ error_code: 'SERVICE_UNAVAILABLE', message: 'The tasks service is not reachable right now.', detail: null, request_id: 'e2e' }),
      })
    })
    // The refetch after it is held back, so what is seen until then is the page's own rollback.
    await page.route(
      (url) => url.pathname === `/api/${userId}/tasks` || url.pathname === `/api/${userId}/tasks/counts`,
      async (route) => {
        if (route.request().method() === 'GET') await new Promise((resolve) => setTimeout(resolve, 5_000))
        await route.fallback()
      },
    )
    await markAll(page).click()
    await expect.poll(() => checked(page)).toEqual([true, true, true])
    expect(await counter(page)).toBe('0 tasks left')
    answerRefusal()
    await expect.poll(() => page.locator('.notice.error').textContent(), { timeout: 3_000 }).toContain('The tasks service is not reachable right now.')
    expect(await checked(page)).toEqual([false, false, false])
    expect(await counter(page)).toBe('3 tasks left')
    expect(await filterButton(page, 'Completed').textContent()).toBe('Completed 0')
    expect(await storedTasks(context, origin, userId)).toEqual({ alpha: false, beta: false, gamma: false })
    await context.close()
  })

  it('clears completed tasks in one request after an undo window: Undo sends nothing, waiting deletes them, leaving sends it at once', async () => {
    const { context, page, origin, userId } = await signedUpPage(running)
    await addTask(context, origin, userId, 'kept')
    await page.reload()
    const clear = page.getByRole('button', { name: 'Clear completed' })
    const sent = watchRequests(page, userId, 'POST', '/clear-completed')

    // Shown only while something is completed.
    expect(await clear.count()).toBe(0)
    await addTask(context, origin, userId, 'done a', true)
    await addTask(context, origin, userId, 'done b', true)
    await page.reload()
    await expect.poll(() => clear.isVisible()).toBe(true)
    await screenshot(page, 'todomvc-desktop')

    // Undo: they come back, and nothing is ever sent.
    await clear.click()
    await expect.poll(() => titles(page)).toEqual(['kept'])
    expect(await page.locator('.notice').textContent()).toContain('Cleared 2 completed tasks.')
    expect(await filterButton(page, 'All').textContent()).toBe('All 1')
    expect(await clear.count()).toBe(0)
    // A filter first shown during the window does not show them either, though the api still lists them.
    await filterButton(page, 'Completed').click()
    await expect.poll(() => filterButton(page, 'Completed').getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => page.getByText('Loading…').count()).toBe(0)
    expect(await titles(page)).toEqual([])
    expect(await page.getByText('Nothing completed yet').isVisible()).toBe(true)
    await filterButton(page, 'All').click()
    await page.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => titles(page)).toEqual(['done b', 'done a', 'kept'])
    expect(await page.locator('.notice').textContent()).toContain('Restored 2 completed tasks.')
    expect(await filterButton(page, 'All').textContent()).toBe('All 3')
    await page.waitForTimeout(6_000)
    expect(sent).toEqual([])
    expect(await storedTasks(context, origin, userId)).toEqual({ kept: false, 'done a': true, 'done b': true })

    // Left to run: one request when the window ends, and they are gone, counts and all.
    await clear.click()
    await expect.poll(() => titles(page)).toEqual(['kept'])
    await page.waitForTimeout(3_000)
    expect(sent).toEqual([])
    await expect.poll(() => sent.length).toBe(1)
    await expect.poll(() => storedTasks(context, origin, userId)).toEqual({ kept: false })
    await page.waitForTimeout(1_000) // the refetch after it
    expect(await titles(page)).toEqual(['kept'])
    expect(await Promise.all(['All', 'Active', 'Completed'].map((name) => filterButton(page, name as 'All').textContent()))).toEqual(['All 1', 'Active 1', 'Completed 0'])
    expect(await counter(page)).toBe('1 task left')
    expect(await clear.count()).toBe(0)
    await page.reload()
    expect(await titles(page)).toEqual(['kept'])

    // A task completed during the window is not taken by it: the clear is sent first, then the change.
    await addTask(context, origin, userId, 'done c', true)
    await addTask(context, origin, userId, 'finished later')
    await page.reload()
    await clear.click()
    await expect.poll(() => titles(page)).toEqual(['finished later', 'kept'])
    await page.getByLabel('finished later', { exact: true }).click()
    await expect.poll(() => sent.length).toBe(2)
    await expect.poll(() => storedTasks(context, origin, userId)).toEqual({ kept: false, 'finished later': true })
    expect(await titles(page)).toEqual(['finished later', 'kept'])
    await expect.poll(() => counter(page)).toBe('1 task left')

    // Leaving the page during the window sends it at once.
    await page.reload()
    await clear.click()
    await expect.poll(() => titles(page)).toEqual(['kept'])
    await page.goto('about:blank')
    await expect.poll(() => storedTasks(context, origin, userId)).toEqual({ kept: false })
    await context.close()
  })

  it('edits a title in place: double-click or Enter opens it, Enter or leaving saves, Escape cancels, an empty title is never saved', async () => {
    const { context, page, origin, userId } = await signedUpPage(running)
    await addTask(context, origin, userId, 'Buy milk')
    await page.reload()
    const updates = watchRequests(page, userId, 'PUT', `/${(await page.locator('.task input[type="checkbox"]').getAttribute('id'))?.slice('done-'.length)}`)
    const title = page.getByLabel('Title', { exact: true })
    const checkbox = (name: string) => page.getByLabel(name, { exact: true })

    // Double-click: the editor opens with the caret after the title; Escape puts it back as it was.
    await page.getByText('Buy milk', { exact: true }).dblclick()
    await expect.poll(() => isFocused(title)).toBe(true)
    expect(await title.evaluate((input) => [(input as HTMLInputElement).selectionStart, (input as HTMLInputElement).value.length])).toEqual([8, 8])
    await page.keyboard.type(' and bread')
    await page.keyboard.press('Escape')
    await expect.poll(() => titles(page)).toEqual(['Buy milk'])
    await expect.poll(() => isFocused(checkbox('Buy milk'))).toBe(true)

    // Enter on the focused task opens it (Space still toggles); Enter saves and gives focus back.
    await page.keyboard.press('Enter')
    await expect.poll(() => isFocused(title)).toBe(true)
    await page.keyboard.press('Control+A')
    await page.keyboard.type('Buy oat milk')
    await page.keyboard.press('Enter')
    await expect.poll(() => titles(page)).toEqual(['Buy oat milk'])
    await expect.poll(() => isFocused(checkbox('Buy oat milk'))).toBe(true)
    await expect.poll(() => storedTasks(context, origin, userId)).toEqual({ 'Buy oat milk': false })
    await page.keyboard.press('Space')
    await expect.poll(() => checked(page)).toEqual([true])
    await page.keyboard.press('Space')
    await expect.poll(() => checked(page)).toEqual([false])
    expect(await title.count()).toBe(0)

    // Leaving the editor saves it.
    await page.getByText('Buy oat milk', { exact: true }).dblclick()
    await title.fill('Buy soy milk')
    await page.getByRole('heading', { name: 'Your tasks' }).click()
    await expect.poll(() => titles(page)).toEqual(['Buy soy milk'])
    await expect.poll(() => storedTasks(context, origin, userId)).toEqual({ 'Buy soy milk': false })
    // Opened and left unchanged: nothing to send.
    await page.getByText('Buy soy milk', { exact: true }).dblclick()
    await page.keyboard.press('Enter')
    await expect.poll(() => title.count()).toBe(0)
    await page.waitForTimeout(500)
    expect(updates).toHaveLength(2)

    // An empty title: Enter says so and stays; leaving keeps the old title and says so. Nothing is sent, nothing deleted.
    await checkbox('Buy soy milk').focus()
    await page.keyboard.press('Enter')
    await title.fill('   ')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Give the task a title' }).isVisible()).toBe(true)
    expect(await isFocused(title)).toBe(true)
    expect(await title.getAttribute('aria-invalid')).toBe('true')
    await page.getByRole('heading', { name: 'Your tasks' }).click()
    await expect.poll(() => titles(page)).toEqual(['Buy soy milk'])
    expect(await page.locator('.notice').textContent()).toContain('“Buy soy milk” kept its title: a task needs one.')
    await page.waitForTimeout(500)
    expect(updates).toHaveLength(2)
    expect(await storedTasks(context, origin, userId)).toEqual({ 'Buy soy milk': false })

    // The Edit button opens the same editor, description included; Cancel gives focus back to it.
    await page.getByRole('button', { name: 'Edit “Buy soy milk”' }).click()
    await expect.poll(() => isFocused(title)).toBe(true)
    await page.getByLabel('Description', { exact: true }).fill('the big one')
    await page.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => isFocused(page.getByRole('button', { name: 'Edit “Buy soy milk”' }))).toBe(true)
    expect(await page.locator('.task-description').count()).toBe(0)
    await page.getByRole('button', { name: 'Edit “Buy soy milk”' }).click()
    await page.getByLabel('Description', { exact: true }).fill('the big one')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.locator('.task-description').textContent()).toBe('the big one')
    await expect.poll(() => updates.length).toBe(3)
    await context.close()
  })

  it('does all of it on a 390 × 844 phone, by touch, with targets big enough for a finger', async () => {
    const context = await running.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    const { origin } = running.stack
    await signUpThroughForm(page, origin)
    const userId = await userIdOf(context, origin)
    for (const title of ['Water the plants', 'Call the bank about the overdue card payment', 'Book the dentist']) await addTask(context, origin, userId, title)
    await page.reload()
    await expect.poll(() => titles(page)).toHaveLength(3)

    // Targets at least 44 px each way for the box of each task, mark all, Edit and Clear completed.
    const size = async (target: Locator) => {
      const box = await target.boundingBox()
      return box ? Math.min(box.width, box.height) : 0
    }
    expect(await size(page.locator('.task .check').first())).toBeGreaterThanOrEqual(44)
    expect(await size(page.locator('label.mark-all'))).toBeGreaterThanOrEqual(44)
    expect(await size(page.getByRole('button', { name: 'Edit “Book the dentist”' }))).toBeGreaterThanOrEqual(44)

    // Mark all by touch.
    await page.locator('label.mark-all').tap()
    await expect.poll(() => checked(page)).toEqual([true, true, true])
    await expect.poll(() => counter(page)).toBe('0 tasks left')
    await expect.poll(() => storedTasks(context, origin, userId)).toEqual({
      'Water the plants': true,
      'Call the bank about the overdue card payment': true,
      'Book the dentist': true,
    })
    // A tap on the box's margin toggles one task.
    await page.locator('.task', { hasText: 'Book the dentist' }).locator('.check').tap({ position: { x: 4, y: 4 } })
    await expect.poll(() => counter(page)).toBe('1 task left')

    // Edit by touch: Edit, type, Save.
    await page.getByRole('button', { name: 'Edit “Water the plants”' }).tap()
    await page.getByLabel('Title', { exact: true }).fill('Water the garden')
    await page.getByRole('button', { name: 'Save' }).tap()
    await expect.poll(() => page.getByText('Water the garden', { exact: true }).isVisible()).toBe(true)
    // Cancel by touch leaves it as it was.
    await page.getByRole('button', { name: 'Edit “Water the garden”' }).tap()
    await page.getByLabel('Title', { exact: true }).fill('Not this')
    await page.getByRole('button', { name: 'Cancel' }).tap()
    await expect.poll(() => page.getByText('Water the garden', { exact: true }).isVisible()).toBe(true)

    // Clear completed by touch, Undo by touch, then let it run.
    const clear = page.getByRole('button', { name: 'Clear completed' })
    expect(await size(clear)).toBeGreaterThanOrEqual(44)
    await screenshot(page, 'todomvc-phone')
    await clear.tap()
    await expect.poll(() => titles(page)).toEqual(['Book the dentist'])
    await page.getByRole('button', { name: 'Undo' }).tap()
    await expect.poll(() => titles(page)).toHaveLength(3)
    await clear.tap()
    await expect.poll(() => storedTasks(context, origin, userId), { timeout: 15_000 }).toEqual({ 'Book the dentist': false })
    expect(await counter(page)).toBe('1 task left')

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await context.close()
  })
})
