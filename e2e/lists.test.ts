/// <reference lib="dom" />
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { noteSecrets } from '../tests/support/service-logs.ts'
import { hasChromium, newCredentials, screenshot, signedUpPage, signUpThroughForm, useBrowserStack, userIdOf } from './support/browser-stack.ts'

/** A live update arrives within 2 s of the change; room for a loaded machine. */
const LIVE_TIMEOUT = { timeout: 15_000, interval: 500 }

interface StoredTask {
  title: string
  list_id: string | null
}

const pathOf = (page: Page) => page.evaluate(() => `${window.location.pathname}${window.location.search}`)
const titles = (page: Page) => page.locator('.task:not(.pending) .task-title').allTextContents()
const heading = (page: Page) => page.locator('h1').textContent()
const nav = (page: Page) => page.getByRole('navigation', { name: 'Lists' })
const listLink = (page: Page, name: string) => nav(page).getByRole('link', { name: new RegExp(`^${name} \\d+ to do$`) })
/** The names of the user's own lists as the sidebar shows them, top first. */
const shownLists = (page: Page) => page.locator('.own-lists .list-name').allTextContents()
/** "Groceries" → its pending count as the sidebar shows it. */
const countOf = (page: Page, name: string) => listLink(page, name).locator('.count').textContent()

async function storedLists(context: BrowserContext, origin: string, userId: string) {
  const response = await context.request.get(`${origin}/api/${userId}/lists`)
  expect(response.status()).toBe(200)
  return (await response.json()) as { inbox: { counts: { all: number; pending: number } }; lists: Array<{ id: string; name: string; counts: { all: number; pending: number } }> }
}

async function storedTasks(context: BrowserContext, origin: string, userId: string): Promise<StoredTask[]> {
  const response = await context.request.get(`${origin}/api/${userId}/tasks?limit=100&sort=title&order=asc`)
  expect(response.status()).toBe(200)
  return ((await response.json()) as { tasks: StoredTask[] }).tasks.map(({ title, list_id }) => ({ title, list_id }))
}

/** Every list move request the page sends, with its body. */
function watchListMoves(page: Page, userId: string): unknown[] {
  const seen: unknown[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (request.method() === 'POST' && url.pathname.startsWith(`/api/${userId}/lists/`) && url.pathname.endsWith('/move')) seen.push(request.postDataJSON())
  })
  return seen
}

async function createList(page: Page, name: string) {
  const input = page.getByRole('textbox', { name: 'New list' })
  await input.fill(name)
  await input.press('Enter')
}

async function addTask(page: Page, title: string) {
  await page.getByLabel('New task').fill(title)
  await page.getByLabel('New task').press('Enter')
  await expect.poll(() => titles(page)).toContain(title)
}

/** Drags `from` (a handle) onto the middle of `onto` with the mouse, in small steps as a hand does. */
async function dragWithMouse(page: Page, from: Locator, onto: Locator) {
  const start = await from.boundingBox()
  const end = await onto.boundingBox()
  if (!start || !end) throw new Error('nothing to drag')
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2)
  await page.mouse.down()
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2 - 6, { steps: 4 })
  await page.mouse.move(start.x + start.width / 2, end.y + end.height / 2 - 8, { steps: 12 })
  await page.waitForTimeout(200)
  await page.mouse.up()
}

describe.skipIf(!hasChromium)('lists in the dashboard', () => {
  const running = useBrowserStack()

  it('creates lists, adds tasks into the list viewed, counts, switches (URL, reload, Back), renames, reorders, moves a task, deletes', async () => {
    const { context, page, origin, userId } = await signedUpPage(running)
    await addTask(page, 'Call mum')

    // Two lists, made with Enter in the input; a taken name (any case) is said at the input, and nothing is made.
    await createList(page, 'Groceries')
    await expect.poll(() => shownLists(page)).toEqual(['Groceries'])
    await expect.poll(() => page.getByRole('textbox', { name: 'New list' }).inputValue()).toBe('')
    await createList(page, 'Work')
    await expect.poll(() => shownLists(page)).toEqual(['Groceries', 'Work'])
    await createList(page, 'groceries')
    const refusal = nav(page).getByRole('alert')
    await expect.poll(() => refusal.textContent()).toBe('You already have a list with that name.')
    expect(await page.getByRole('textbox', { name: 'New list' }).getAttribute('aria-invalid')).toBe('true')
    expect((await storedLists(context, origin, userId)).lists.map((list) => list.name)).toEqual(['Groceries', 'Work'])
    await page.getByRole('textbox', { name: 'New list' }).fill('')
    const ids = Object.fromEntries((await storedLists(context, origin, userId)).lists.map((list) => [list.name, list.id]))

    // Viewing a list, quick entry puts the new task in it.
    await listLink(page, 'Groceries').click()
    await expect.poll(() => pathOf(page)).toBe(`/dashboard?list=${ids.Groceries}`)
    expect(await heading(page)).toBe('Groceries')
    await expect.poll(() => titles(page)).toEqual([])
    await addTask(page, 'Milk')
    await addTask(page, 'Bread')
    expect(await titles(page)).toEqual(['Bread', 'Milk'])
    await listLink(page, 'Work').click()
    await expect.poll(() => pathOf(page)).toBe(`/dashboard?list=${ids.Work}`)
    await addTask(page, 'Report')
    expect(await titles(page)).toEqual(['Report'])
    await expect
      .poll(() => storedTasks(context, origin, userId))
      .toEqual([
        { title: 'Bread', list_id: ids.Groceries },
        { title: 'Call mum', list_id: null },
        { title: 'Milk', list_id: ids.Groceries },
        { title: 'Report', list_id: ids.Work },
      ])

    // Each list's pending count, the Inbox's and All tasks'; a completed task leaves its list's count.
    await expect.poll(() => countOf(page, 'Groceries')).toBe('2')
    await expect.poll(() => countOf(page, 'Work')).toBe('1')
    expect(await countOf(page, 'Inbox')).toBe('1')
    expect(await countOf(page, 'All tasks')).toBe('4')
    expect(await page.locator('.tasks-left').textContent()).toBe('1 task left')

    // The list is in the URL: a reload shows it (rendered by the server), Back goes to the one before, with its tasks.
    await page.reload()
    expect(await heading(page)).toBe('Work')
    expect(await titles(page)).toEqual(['Report'])
    expect(await listLink(page, 'Work').getAttribute('aria-current')).toBe('page')
    const serverHtml = await (await context.request.get(`${origin}/dashboard?list=${ids.Work}`)).text()
    expect(serverHtml).toContain('Report')
    expect(serverHtml).not.toContain('Milk')
    await page.goBack()
    await expect.poll(() => pathOf(page)).toBe(`/dashboard?list=${ids.Groceries}`)
    await expect.poll(() => titles(page)).toEqual(['Bread', 'Milk'])
    // It combines with the status filter and the search.
    await page.getByRole('searchbox', { name: 'Search' }).fill('milk')
    await expect.poll(() => pathOf(page)).toBe(`/dashboard?list=${ids.Groceries}&q=milk`)
    await expect.poll(() => titles(page)).toEqual(['Milk'])
    await page.getByRole('searchbox', { name: 'Search' }).fill('')
    await listLink(page, 'Inbox').click()
    await expect.poll(() => pathOf(page)).toBe('/dashboard?list=inbox')
    await expect.poll(() => titles(page)).toEqual(['Call mum'])
    await listLink(page, 'All tasks').click()
    await expect.poll(() => pathOf(page)).toBe('/dashboard')
    await expect.poll(() => titles(page)).toHaveLength(4)

    // Rename: a double-click, Enter saves; F2 and Escape keep the name.
    await listLink(page, 'Groceries').dblclick()
    const rename = page.getByRole('textbox', { name: 'New name for “Groceries”' })
    await rename.fill('Food')
    await rename.press('Enter')
    await expect.poll(() => shownLists(page)).toEqual(['Food', 'Work'])
    await expect.poll(async () => (await storedLists(context, origin, userId)).lists.map((list) => list.name)).toEqual(['Food', 'Work'])
    await listLink(page, 'Work').focus()
    await page.keyboard.press('F2')
    await page.getByRole('textbox', { name: 'New name for “Work”' }).fill('Play')
    await page.keyboard.press('Escape')
    await expect.poll(() => shownLists(page)).toEqual(['Food', 'Work'])
    await page.waitForTimeout(500)
    expect((await storedLists(context, origin, userId)).lists.map((list) => list.name)).toEqual(['Food', 'Work'])
    // A name taken (whatever its case) is refused: the list keeps its name, and the page says why.
    await listLink(page, 'Work').dblclick()
    await page.getByRole('textbox', { name: 'New name for “Work”' }).fill('food')
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.locator('.notice.error').textContent())
      .toContain('“food” was not saved, so the list keeps its name “Work”. You already have a list with that name.')
    await expect.poll(() => shownLists(page)).toEqual(['Food', 'Work'])
    await page.getByRole('button', { name: 'Dismiss message' }).click()

    // Reorder: Work dragged by its handle above Food, then Alt+↓ on it; one request each, kept after a reload.
    const moves = watchListMoves(page, userId)
    await dragWithMouse(page, page.getByRole('button', { name: 'Move list “Work”' }), page.locator('.own-lists li', { hasText: 'Food' }))
    await expect.poll(() => shownLists(page)).toEqual(['Work', 'Food'])
    await expect.poll(() => moves).toEqual([{ before_id: null, after_id: ids.Groceries }])
    await expect.poll(async () => (await storedLists(context, origin, userId)).lists.map((list) => list.name)).toEqual(['Work', 'Food'])
    await listLink(page, 'Work').focus()
    await page.keyboard.press('Alt+ArrowDown')
    await expect.poll(() => shownLists(page)).toEqual(['Food', 'Work'])
    await expect.poll(() => moves).toHaveLength(2)
    expect(moves[1]).toEqual({ before_id: ids.Groceries, after_id: null })
    // Focus stays on the list moved, and a second Alt+↓ says it is last without a request.
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.textContent)).toContain('Work')
    await page.keyboard.press('Alt+ArrowDown')
    await expect.poll(() => nav(page).locator('.lists-announcement').textContent()).toBe('“Work” is already last.')
    await page.reload()
    expect(await shownLists(page)).toEqual(['Food', 'Work'])
    expect(moves).toHaveLength(2)
    // A move that never reaches the api is shown at once, then put back by the page itself (the lists it fetches
    // meanwhile are held back, so no refetch does it), and the user is told.
    await page.route('**/lists/*/move', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500))
      await route.abort('failed')
    })
    const listsPath = `/api/${userId}/lists`
    await page.route(
      (url) => url.pathname === listsPath,
      async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 8_000))
        await route.continue().catch(() => undefined)
      },
    )
    await listLink(page, 'Work').focus()
    await page.keyboard.press('Alt+ArrowUp')
    await expect.poll(() => shownLists(page)).toEqual(['Work', 'Food'])
    await expect.poll(() => page.locator('.notice.error').textContent(), { timeout: 5_000 }).toContain('“Work” could not be moved, so it is back in its place.')
    expect(await shownLists(page)).toEqual(['Food', 'Work'])
    await page.unroute('**/lists/*/move')
    await page.unrouteAll({ behavior: 'ignoreErrors' })
    expect((await storedLists(context, origin, userId)).lists.map((list) => list.name)).toEqual(['Food', 'Work'])
    await page.getByRole('button', { name: 'Dismiss message' }).click()

    // A task moved to another list from its editor leaves the list shown, and the counts follow.
    await listLink(page, 'Food').click()
    await expect.poll(() => titles(page)).toEqual(['Bread', 'Milk'])
    await page.getByRole('button', { name: 'Edit “Milk”' }).click()
    await page.getByLabel('Move to list').selectOption({ label: 'Work' })
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => titles(page)).toEqual(['Bread'])
    await expect.poll(() => countOf(page, 'Work')).toBe('2')
    await expect.poll(() => countOf(page, 'Food')).toBe('1')
    expect((await storedTasks(context, origin, userId)).find((task) => task.title === 'Milk')?.list_id).toBe(ids.Work)

    await screenshot(page, 'lists-desktop-light')
    await page.emulateMedia({ colorScheme: 'dark' })
    await screenshot(page, 'lists-desktop-dark')
    await page.emulateMedia({ colorScheme: 'light' })

    // Deleting the list viewed, its tasks to the Inbox: the dialog says how many, and the Inbox is shown after.
    await page.getByRole('button', { name: 'Delete list “Food”' }).click()
    const dialog = page.getByRole('dialog', { name: 'Delete the list “Food”?' })
    await expect.poll(() => dialog.isVisible()).toBe(true)
    expect(await dialog.textContent()).toContain('It has 1 task.')
    expect(await dialog.getByLabel('Move it to the Inbox').isChecked()).toBe(true)
    await dialog.getByRole('button', { name: 'Delete list' }).click()
    await expect.poll(() => pathOf(page)).toBe('/dashboard?list=inbox')
    await expect.poll(() => titles(page)).toEqual(['Bread', 'Call mum'])
    await expect.poll(() => shownLists(page)).toEqual(['Work'])
    await expect.poll(() => page.locator('.notice').textContent()).toContain('Deleted the list “Food”. Its 1 task went to the Inbox.')

    // Deleting a list with its tasks: they are gone.
    await page.getByRole('button', { name: 'Delete list “Work”' }).click()
    const second = page.getByRole('dialog', { name: 'Delete the list “Work”?' })
    await expect.poll(() => second.isVisible()).toBe(true)
    expect(await second.textContent()).toContain('It has 2 tasks.')
    await second.getByLabel('Delete all 2 with the list').check()
    await second.getByRole('button', { name: 'Delete list' }).click()
    await expect.poll(() => shownLists(page)).toEqual([])
    await expect.poll(() => storedTasks(context, origin, userId)).toEqual([
      { title: 'Bread', list_id: null },
      { title: 'Call mum', list_id: null },
    ])
    await listLink(page, 'All tasks').click()
    await expect.poll(() => titles(page)).toEqual(['Bread', 'Call mum'])

    // The shortcuts' help lists the lists' keys.
    await page.locator('h1').click()
    await page.keyboard.press('?')
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await expect.poll(() => help.isVisible()).toBe(true)
    expect(await help.textContent()).toContain('Rename the focused list (Enter saves, Escape cancels)')
    await page.keyboard.press('Escape')
    await context.close()
  })

  it('shows a list made in another browser of the same user without a reload', async () => {
    const { origin } = running.stack
    const credentials = newCredentials()
    const first = await running.browser.newContext()
    const firstPage = await first.newPage()
    await signUpThroughForm(firstPage, origin, credentials)
    const userId = await userIdOf(first, origin)

    const second = await running.browser.newContext()
    const secondPage = await second.newPage()
    await secondPage.goto(`${origin}/sign-in`)
    await secondPage.getByLabel('Email').fill(credentials.email)
    await secondPage.getByLabel('Password').fill(credentials.password)
    await secondPage.getByRole('button', { name: 'Sign in', exact: true }).click()
    await secondPage.waitForURL(`${origin}/dashboard`)
    const session = (await second.cookies()).find((cookie) => cookie.name.endsWith('better-auth.session_token'))
    if (session) noteSecrets(`${session.name}=${session.value}`)
    const streamOpen = secondPage.waitForResponse((response) => response.url().endsWith(`/api/${userId}/tasks/events`) && response.status() === 200)
    await secondPage.reload()
    await streamOpen

    await createList(firstPage, 'Shared')
    await expect.poll(() => shownLists(firstPage)).toEqual(['Shared'])
    await expect.poll(() => shownLists(secondPage), LIVE_TIMEOUT).toEqual(['Shared'])
    // And its count follows a task added to it there.
    await listLink(firstPage, 'Shared').click()
    await addTask(firstPage, 'From the first')
    await expect.poll(() => countOf(secondPage, 'Shared'), LIVE_TIMEOUT).toBe('1')
    await Promise.all([first.close(), second.close()])
  })

  it('on a phone (360×740): switches lists with the select, manages them in the panel, nothing scrolls sideways', async () => {
    const context = await running.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    const { origin } = running.stack
    await signUpThroughForm(page, origin)
    const userId = await userIdOf(context, origin)
    // The sidebar is folded away; the select and the button take one line.
    expect(await nav(page).isVisible()).toBe(false)
    const select = page.getByRole('combobox', { name: 'List' })
    expect(await select.isVisible()).toBe(true)
    const manage = page.getByRole('button', { name: 'Manage lists' })
    expect(await manage.getAttribute('aria-expanded')).toBe('false')
    const tasksTop = await page.getByLabel('New task').boundingBox()
    await manage.tap()
    expect(await nav(page).isVisible()).toBe(true)
    await createList(page, 'Errands')
    await expect.poll(() => shownLists(page)).toEqual(['Errands'])
    const listId = (await storedLists(context, origin, userId)).lists[0]?.id
    await select.selectOption({ label: 'Errands (0)' })
    await expect.poll(() => pathOf(page)).toBe(`/dashboard?list=${listId}`)
    await addTask(page, 'Post office')
    await expect.poll(() => select.locator('option:checked').textContent()).toBe('Errands (1)')
    await manage.tap()
    expect(await nav(page).isVisible()).toBe(false)
    // Folded again, the form is where it was before the panel opened.
    expect((await page.getByLabel('New task').boundingBox())?.y).toBe(tasksTop?.y)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await manage.tap()
    await screenshot(page, 'lists-phone-light')
    await page.emulateMedia({ colorScheme: 'dark' })
    await screenshot(page, 'lists-phone-dark')
    await page.emulateMedia({ colorScheme: 'light' })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await select.selectOption({ label: 'Inbox (0)' })
    await expect.poll(() => pathOf(page)).toBe('/dashboard?list=inbox')
    await expect.poll(() => titles(page)).toEqual([])
    await context.close()
  })
})
