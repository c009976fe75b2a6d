import { describe, expect, it } from 'vitest'
import { timeAgo } from './relative-time'

const NOW = new Date('2026-12-01T12:00:00.000Z')

describe('timeAgo', () => {
  it.each([
    ['2026-12-01T11:59:30.000Z', 'just now'],
    ['2026-12-01T12:00:05.000Z', 'just now'],
    ['2026-12-01T11:55:00.000Z', '5 minutes ago'],
    ['2026-12-01T09:00:00.000Z', '3 hours ago'],
    ['2026-11-30T11:00:00.000Z', 'yesterday'],
    ['2026-11-20T12:00:00.000Z', 'last week'],
    ['2025-11-01T12:00:00.000Z', 'last year'],
    ['not a time', 'at an unknown time'],
  ])('%s is %s', (iso, text) => {
    expect(timeAgo(iso, NOW)).toBe(text)
  })
})
