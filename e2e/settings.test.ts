/// <reference lib="dom" />
import { readFile } from 'node:fs/promises'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { noteSecrets } from '../tests/support/service-logs.ts'
import { type newCredentials, hasChromium, screenshot, signUpThroughForm, useBrowserStack, userIdOf } from './support/browser-stack.ts'

const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0'

type Credentials = ReturnType<typeof newCredentials>

/** A second browser, signed in as the same person through the sign-in form. */
async function signedInElsewhere(browser: Browser, origin: string, credentials: Credentials, userAgent = FIREFOX_ON_WINDOWS): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ userAgent })
  const page = await context.newPage()
  await page.goto(`${origin}/sign-in`)
  await page.getByLabel('Email').fill(credentials.email)
  await page.getByLabel('Password').fill(credentials.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.waitForURL(`${origin}/dashboard`)
  return { context, page }
}

/** Whether the page, loaded again, is still signed in: signed-out browsers are sent to the sign-in page. */
async function stillSignedIn(page: Page, origin: string): Promise<boolean> {
  await page.goto(`${origin}/dashboard`)
  return new URL(page.url()).pathname === '/dashboard'
}

async function openSettings(page: Page, origin: string) {
  await page.goto(`${origin}/dashboard`)
  await page.getByRole('link', { name: 'Settings' }).click()
  await page.waitForURL(`${origin}/settings`)
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
}

describe.skipIf(!hasChromium)('settings', () => {
  const running = useBrowserStack()

  it('renames the user from the dashboard’s Settings link, and the name stays after a reload', async () => {
    const { browser, stack } = running
    const context = await browser.newContext()
    const page = await context.newPage()
    await signUpThroughForm(page, stack.origin)
    await openSettings(page, stack.origin)
    expect(await page.getByRole('link', { name: 'Account' }).getAttribute('aria-current')).toBe('page')

    const name = page.getByLabel('Name')
    await name.fill('   ')
    await page.getByRole('button', { name: 'Save name' }).click()
    await expect.poll(() => page.locator('#name-status').textContent()).toContain('1 to 100 characters')

    await name.fill('  Grace Hopper ')
    // With the keyboard: Enter in the field submits.
    await name.press('Enter')
    await expect.poll(() => page.locator('#name-status').textContent()).toBe('Saved.')
    await page.reload()
    expect(await page.getByLabel('Name').inputValue()).toBe('Grace Hopper')
    await context.close()
  })

  it('changes the password: the other browser is signed out on its next navigation, this one stays', async () => {
    const { browser, stack } = running
    const context = await browser.newContext()
    const page = await context.newPage()
    const credentials = await signUpThroughForm(page, stack.origin)
    const other = await signedInElsewhere(browser, stack.origin, credentials)
    await openSettings(page, stack.origin)
    await expect.poll(() => page.locator('.session-item').count()).toBe(2)

    // A wrong current password changes nothing.
    await page.getByLabel('Current password').fill('not-my-password')
    await page.getByLabel('New password', { exact: true }).fill('a-whole-new-password')
    await page.getByLabel('Repeat the new password').fill('a-whole-new-password')
    await page.getByRole('button', { name: 'Change password' }).click()
    await expect.poll(() => page.locator('#password-status').textContent()).toContain('current password is not right')
    expect(await stillSignedIn(other.page, stack.origin)).toBe(true)

    await openSettings(page, stack.origin)
    const newPassword = `changed-${credentials.password}`
    noteSecrets(newPassword)
    await page.getByLabel('Current password').fill(credentials.password)
    await page.getByLabel('New password', { exact: true }).fill(newPassword)
    await page.getByLabel('Repeat the new password').fill(newPassword)
    await page.getByRole('button', { name: 'Change password' }).click()
    await expect.poll(() => page.locator('#password-status').textContent()).toBe('Password changed. Your other devices were signed out.')
    await expect.poll(() => page.locator('.session-item').count()).toBe(1)

    expect(await stillSignedIn(other.page, stack.origin)).toBe(false)
    expect(new URL(other.page.url()).pathname).toBe('/sign-in')
    expect(await stillSignedIn(page, stack.origin)).toBe(true)
    await other.context.close()
    await context.close()
  })

  it('lists each session by browser and system, marks this one, and signs one out from the list', async () => {
    const { browser, stack } = running
    const context = await browser.newContext()
    const page = await context.newPage()
    const credentials = await signUpThroughForm(page, stack.origin)
    const other = await signedInElsewhere(browser, stack.origin, credentials)
    const third = await signedInElsewhere(browser, stack.origin, credentials, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')
    await openSettings(page, stack.origin)

    const items = page.locator('.session-item')
    await expect.poll(() => items.count()).toBe(3)
    // This device first, marked; its own name comes from headless Chromium's user agent.
    expect(await items.first().textContent()).toContain('This device')
    expect(await items.first().getByRole('button').count()).toBe(0)
    const firefox = items.filter({ hasText: 'Firefox on Windows' })
    expect(await firefox.count()).toBe(1)
    expect(await firefox.textContent()).toMatch(/Last active (just now|\d+ minutes? ago)/)
    expect(await items.filter({ hasText: 'Mobile Safari on iOS' }).count()).toBe(1)
    // No token anywhere in the page.
    const token = (await context.cookies()).find((cookie) => cookie.name === 'better-auth.session_token')?.value ?? ''
    expect(token).not.toBe('')
    expect(await page.content()).not.toContain(decodeURIComponent(token).split('.')[0])

    // Asked first; Cancel (here: Escape) leaves it signed in.
    await firefox.getByRole('button', { name: /^Sign out Firefox on Windows/ }).click()
    await page.keyboard.press('Escape')
    expect(await stillSignedIn(other.page, stack.origin)).toBe(true)

    await firefox.getByRole('button', { name: /^Sign out Firefox on Windows/ }).click()
    // Focus is on "Yes": Enter confirms, keyboard only.
    await page.keyboard.press('Enter')
    await expect.poll(() => items.count()).toBe(2)
    expect(await items.filter({ hasText: 'Firefox on Windows' }).count()).toBe(0)
    expect(await stillSignedIn(other.page, stack.origin)).toBe(false)
    expect(await stillSignedIn(third.page, stack.origin)).toBe(true)
    await page.reload()
    await expect.poll(() => items.count()).toBe(2)

    // "Sign out everywhere else".
    await page.getByRole('button', { name: 'Sign out everywhere else' }).click()
    await page.getByRole('button', { name: 'Yes, sign them out' }).click()
    await expect.poll(() => items.count()).toBe(1)
    expect(await stillSignedIn(third.page, stack.origin)).toBe(false)
    expect(await stillSignedIn(page, stack.origin)).toBe(true)
    await Promise.all([other.context.close(), third.context.close(), context.close()])
  })

  it('downloads my data as one JSON file with the profile and every task', async () => {
    const { browser, stack } = running
    const context = await browser.newContext({ acceptDownloads: true })
    const page = await context.newPage()
    const credentials = await signUpThroughForm(page, stack.origin)
    for (const title of ['Buy milk', 'File taxes']) {
      await page.getByLabel('New task').fill(title)
      await page.getByLabel('New task').press('Enter')
    }
    await expect.poll(() => page.locator('.task:not(.pending)').count()).toBe(2)
    await openSettings(page, stack.origin)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download my data' }).click()])
    expect(download.suggestedFilename()).toMatch(/^tasklane-\d{4}-\d{2}-\d{2}\.json$/)
    const file = JSON.parse(await readFile((await download.path()) ?? '', 'utf8')) as { profile: { id: string; email: string }; tasks: { title: string }[] }
    expect(file.profile).toMatchObject({ id: await userIdOf(context, stack.origin), email: credentials.email })
    expect(file.tasks.map((task) => task.title).sort()).toEqual(['Buy milk', 'File taxes'])
    await context.close()
  })

  it('deletes the account after the password and DELETE, and lands on the sign-up page saying so', async () => {
    const { browser, stack } = running
    const context = await browser.newContext()
    const page = await context.newPage()
    const credentials = await signUpThroughForm(page, stack.origin)
    const other = await signedInElsewhere(browser, stack.origin, credentials)
    await page.getByLabel('New task').fill('Soon gone')
    await page.getByLabel('New task').press('Enter')
    await expect.poll(() => page.locator('.task:not(.pending)').count()).toBe(1)
    await openSettings(page, stack.origin)

    await page.getByRole('button', { name: 'Delete account…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Delete your account?' })
    await dialog.waitFor()
    const confirm = dialog.getByRole('button', { name: 'Delete my account' })
    await dialog.getByLabel('Your password').fill(credentials.password)
    expect(await confirm.isDisabled()).toBe(true)
    await dialog.getByLabel('Type DELETE to confirm').fill('delete')
    expect(await confirm.isDisabled()).toBe(true)
    // Cancel closes it and deletes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(await dialog.isVisible()).toBe(false)
    expect(await stillSignedIn(other.page, stack.origin)).toBe(true)

    await page.getByRole('button', { name: 'Delete account…' }).click()
    await dialog.getByLabel('Your password').fill('not-my-password')
    await dialog.getByLabel('Type DELETE to confirm').fill('DELETE')
    await confirm.click()
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('password is not right')

    await dialog.getByLabel('Your password').fill(credentials.password)
    await confirm.click()
    await page.waitForURL(`${stack.origin}/sign-up?deleted=1`)
    expect(await page.locator('.page-notice').textContent()).toContain('Your account and all its tasks were deleted.')
    // Both browsers are signed out, and the account is gone.
    expect(await stillSignedIn(page, stack.origin)).toBe(false)
    expect(await stillSignedIn(other.page, stack.origin)).toBe(false)
    await page.goto(`${stack.origin}/sign-in`)
    await page.getByLabel('Email').fill(credentials.email)
    await page.getByLabel('Password').fill(credentials.password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect.poll(() => page.locator('form p.error[role=alert]').textContent()).toContain('Email or password is incorrect')
    await Promise.all([other.context.close(), context.close()])
  })

  it('sends a signed-out browser to sign in, and comes back to settings after', async () => {
    const { browser, stack } = running
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${stack.origin}/settings`)
    await page.waitForURL(/\/sign-in\?next=/)
    expect(new URL(page.url()).searchParams.get('next')).toBe('/settings')
    await context.close()
  })

  it.each([
    ['desktop', { width: 1280, height: 800 }, false],
    ['phone', { width: 360, height: 740 }, true],
  ] as const)('looks right on %s, light and dark, with nothing wider than the screen', async (device, viewport, isMobile) => {
    const { browser, stack } = running
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport, isMobile, hasTouch: isMobile, colorScheme })
      const page = await context.newPage()
      const credentials = await signUpThroughForm(page, stack.origin)
      const other = await signedInElsewhere(browser, stack.origin, credentials)
      await openSettings(page, stack.origin)
      await page.getByLabel('Name').fill('Ada Lovelace')
      await expect.poll(() => page.locator('.session-item').count()).toBe(2)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow, `${device} ${colorScheme}: scrolls sideways`).toBe(0)
      await screenshot(page, `settings-${device}-${colorScheme}`)
      // The dashboard's header with its Settings link fits too.
      await page.goto(`${stack.origin}/dashboard`)
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0)
      await Promise.all([other.context.close(), context.close()])
    }
  })
})
