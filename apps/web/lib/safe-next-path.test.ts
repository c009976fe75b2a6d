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
    // Normalised into `//evil.example` by dot segments, percent-encoded or not.
    ['/.//evil.example'],
    ['/%2e//evil.example'],
    ['/%2E//evil.example'],
    ['/x/..//evil.example'],
    ['/..//evil.example'],
    ['/./..//evil.example/path?q=1'],
    ['/a/b/../..//evil.example'],
    ['/%2e%2e//evil.example'],
    ['/.%2e//evil.example'],
    ['/./\\evil.example'],
    ['/%5c%5cevil.example/..//x'],
    ['/\t/evil.example'],
  ])('sends %j to the dashboard instead', (raw) => {
    expect(safeNextPath(raw)).toBe('/dashboard')
  })

  it('keeps encoded slashes and dot segments that stay on this site as they are', () => {
    expect(safeNextPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example')
    expect(safeNextPath('/a/./b/../dashboard')).toBe('/a/dashboard')
  })

  it('takes the first of repeated parameters and treats absence as the dashboard', () => {
    expect(safeNextPath(['/a', 'https://evil.example'])).toBe('/a')
    expect(safeNextPath(undefined)).toBe('/dashboard')
    expect(safeNextPath(null)).toBe('/dashboard')
  })
})
