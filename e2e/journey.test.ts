import { describe, expect, it } from 'vitest'
import { hasChromium, screenshot, signUpThroughForm, useBrowserStack, userIdOf } from './support/browser-stack.ts'

describe.skipIf(!hasChromium)('the whole journey in Chromium', () => {
  const running = useBrowserStack()

  it('signs up, manages tasks, survives reloads and restarts, and signs out', async () => {
    const context = await running.browser.newContext()
    const page = await context.newPage()
    const credentials = await signUpThroughForm(page, running.stack.origin)

    // Empty state, then add with Enter.
    await expect.poll(() => page.getByText('No tasks yet').isVisible()).toBe(true)
    const title = page.getByLabel('New task')
    await title.fill('Buy milk')
    await title.press('Enter')
    await page.getByLabel('New task').fill('Write report')
    await page.getByLabel('Description').fill('quarterly numbers')
    await page.getByRole('button', { name: 'Add task' }).click()
    await expect.poll(() => page.locator('.task:not(.pending)').count()).toBe(2)
    await expect.poll(() => page.getByText('quarterly numbers').isVisible()).toBe(true)

    // Edit in place: Escape cancels, Enter saves.
    await page.getByRole('button', { name: 'Edit “Buy milk”' }).click()
    await page.getByLabel('Title', { exact: true }).fill('Buy oat milk')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByText('Buy milk', { exact: true }).isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Edit “Buy milk”' }).click()
    await page.getByLabel('Title', { exact: true }).fill('Buy oat milk')
    await page.getByLabel('Title', { exact: true }).press('Enter')
    await expect.poll(() => page.getByText('Buy oat milk', { exact: true }).isVisible()).toBe(true)

    // Complete, then filter with counts.
    // Not `check()`: it reads the box right after the click, while the optimistic update lands a moment later, once the
    // mutation has cancelled the refetch the creates started (TanStack Query's optimistic-update order).
    const oatMilk = page.getByLabel('Buy oat milk', { exact: true })
    await oatMilk.click()
    await expect.poll(() => oatMilk.isChecked()).toBe(true)
    await expect.poll(() => page.getByRole('button', { name: /Completed 1/ }).isVisible()).toBe(true)
    await page.getByRole('button', { name: /Active 1/ }).click()
    await expect.poll(() => page.locator('.task').allTextContents()).toEqual([expect.stringContaining('Write report')])
    await page.getByRole('button', { name: /Completed 1/ }).click()
    await expect.poll(() => page.locator('.task').allTextContents()).toEqual([expect.stringContaining('Buy oat milk')])
    await page.getByRole('button', { name: /All 2/ }).click()
    await expect.poll(() => page.locator('.task').count()).toBe(2)

    // Delete, undo, delete for real.
    await page.getByRole('button', { name: 'Delete “Write report”' }).click()
    await expect.poll(() => page.locator('.task').count()).toBe(1)
    await page.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => page.locator('.task').count()).toBe(2)
    await page.getByRole('button', { name: 'Delete “Write report”' }).click()
    await expect.poll(() => page.getByRole('button', { name: /All 1/ }).isVisible()).toBe(true)
    await page.waitForTimeout(5_500) // the undo window, after which the delete is sent
    await screenshot(page, 'dashboard-desktop')

    // Reload and a new tab: still signed in, server-rendered with the same tasks.
    await page.reload()
    await expect.poll(() => page.locator('.task').allTextContents()).toEqual([expect.stringContaining('Buy oat milk')])
    const secondTab = await context.newPage()
    await secondTab.goto(`${running.stack.origin}/dashboard`)
    expect(secondTab.url()).toBe(`${running.stack.origin}/dashboard`)
    await secondTab.close()

    // Restart every service: still signed in.
    await running.stack.restart()
    await page.reload()
    expect(page.url()).toBe(`${running.stack.origin}/dashboard`)
    await expect.poll(() => page.getByText('Buy oat milk').isVisible()).toBe(true)
    expect(await page.locator('.who').getByText(credentials.email).isVisible()).toBe(true)

    // Sign out ends the session on the server and lands on /sign-in.
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(/\/sign-in$/)
    const afterSignOut = await page.goto(`${running.stack.origin}/dashboard`)
    expect(afterSignOut?.url()).toBe(`${running.stack.origin}/sign-in?next=/dashboard`)
    await context.close()
  })

  it('signs in with the form, shows one message for a wrong password and an unknown email, and honours ?next only on this site', async () => {
    const context = await running.browser.newContext()
    const page = await context.newPage()
    const credentials = await signUpThroughForm(page, running.stack.origin)
    await context.clearCookies()

    const messageFor = async (email: string, password: string) => {
      await page.goto(`${running.stack.origin}/sign-in`)
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(password)
      await page.getByRole('button', { name: 'Sign in', exact: true }).click()
      const message = page.locator('form p[role="alert"]')
      await message.waitFor()
      return message.textContent()
    }
    const wrongPassword = await messageFor(credentials.email, 'not-my-password')
    const unknownEmail = await messageFor('nobody-here@example.com', 'not-my-password')
    expect(wrongPassword).toBe('Email or password is incorrect.')
    expect(unknownEmail).toBe(wrongPassword)

    // Signing in from a link whose next path normalises to another site (`//evil.example`) lands on the dashboard.
    await page.goto(`${running.stack.origin}/sign-in?next=/.//evil.example`)
    await page.getByLabel('Email').fill(credentials.email)
    await page.getByLabel('Password').fill(credentials.password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.waitForURL(`${running.stack.origin}/dashboard`)

    // Signed in, the same links redirect to this site only.
    for (const next of [encodeURIComponent('https://evil.example/steal'), '/.//evil.example', '/%2e//evil.example', '/x/..//evil.example', '/..//evil.example']) {
      const response = await context.request.get(`${running.stack.origin}/sign-in?next=${next}`, { maxRedirects: 0 })
      expect(response.headers().location, next).toBe('/dashboard')
    }

    // Signed in, the auth pages send one to the dashboard.
    for (const path of ['/sign-in', '/sign-up']) {
      const response = await page.goto(`${running.stack.origin}${path}`)
      expect(response?.url(), path).toBe(`${running.stack.origin}/dashboard`)
    }
    await context.close()
  })
  it('renders the first page of tasks on the server, then loads the rest with "Load more"', async () => {
    const context = await running.browser.newContext()
    const page = await context.newPage()
    const { origin } = running.stack
    await signUpThroughForm(page, origin)
    const userId = await userIdOf(context, origin)
    for (let index = 0; index < 55; index++) {
      const created = await context.request.post(`${origin}/api/${userId}/tasks`, { data: { title: `paged task ${index}` }, headers: { origin } })
      expect(created.status()).toBe(201)
    }

    await page.goto(`${origin}/dashboard`)
    const tasks = page.locator('.task')
    await expect.poll(() => tasks.count()).toBe(50)
    // The HTML itself, before any script runs, already holds the first page.
    const html = await (await context.request.get(`${origin}/dashboard`)).text()
    const firstTitle = (await page.locator('.task-title').first().textContent()) ?? ''
    expect(firstTitle).toMatch(/^paged task \d+$/)
    expect(html).toContain(`>${firstTitle}<`)

    await page.getByRole('button', { name: 'Load more' }).click()
    await expect.poll(() => tasks.count()).toBe(55)
    expect(new Set(await page.locator('.task-title').allTextContents()).size).toBe(55)
    await expect.poll(() => page.getByRole('button', { name: 'Load more' }).count()).toBe(0)
    await context.close()
  })
})
