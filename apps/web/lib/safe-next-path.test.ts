import { describe, expect, it } from 'vitest'
import { safeNextPath } from './safe-next-path'

describe('safeNextPath', () => {
  it('keeps paths on this site, with their query and hash', () => {
    expect(safeNextPath('/dashboard')).toBe('/dashboard')
    expect(safeNextPath('/dashboard?filter=done#top')).toBe('/dashboard?filter=done#top')
  })

  it.each([
    ['https://evil.example/steal'],
    ['//evil.example'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['javascript:alert(1)'],
    ['/dash\nboard'],
    ['dashboard'],
    [''],
    ['/sign-in'],
    ['/sign-up?next=/x'],
  ])('sends %j to the dashboard instead', (raw) => {
    expect(safeNextPath(raw)).toBe('/dashboard')
  })

  it('takes the first of repeated parameters and treats absence as the dashboard', () => {
    expect(safeNextPath(['/a', 'https://evil.example'])).toBe('/a')
    expect(safeNextPath(undefined)).toBe('/dashboard')
    expect(safeNextPath(null)).toBe('/dashboard')
  })
})
