import { describe, expect, it } from 'vitest'
import { parseTheme, themeCookie } from './theme.ts'

describe('parseTheme', () => {
  it('knows light and dark, and takes anything else for the system setting', () => {
    expect(parseTheme('light')).toBe('light')
    expect(parseTheme('dark')).toBe('dark')
    for (const other of [undefined, '', 'system', 'Dark', 'blue', 'dark; Path=/']) expect(parseTheme(other)).toBe('system')
  })
})

describe('themeCookie', () => {
  it('remembers a choice for a year, on every path, Secure over https', () => {
    expect(themeCookie('dark', { secure: false })).toBe('tasklane-theme=dark; Path=/; Max-Age=31536000; SameSite=Lax')
    expect(themeCookie('light', { secure: true })).toBe('tasklane-theme=light; Path=/; Max-Age=31536000; SameSite=Lax; Secure')
  })

  it('forgets the choice when the system setting is chosen again', () => {
    expect(themeCookie('system', { secure: false })).toBe('tasklane-theme=; Path=/; Max-Age=0; SameSite=Lax')
  })
})
