import { describe, expect, it } from 'vitest'
import { toTaskListing } from './task-listing.ts'
import { listTasksQuery } from './task-schemas.ts'

const listing = (query: Record<string, string>) => {
  const { sort, order } = toTaskListing(listTasksQuery.parse(query))
  return `${sort} ${order}`
}

describe('toTaskListing', () => {
  it('lists newest first unless told otherwise, in every view but upcoming', () => {
    expect(listing({})).toBe('created_at desc')
    for (const view of ['all', 'no_date']) expect(listing({ view })).toBe('created_at desc')
    for (const view of ['today', 'overdue']) expect(listing({ view, today: '2026-03-14' })).toBe('created_at desc')
  })

  it('lists upcoming tasks soonest first', () => {
    expect(listing({ view: 'upcoming', today: '2026-03-14' })).toBe('due_on asc')
  })

  it('keeps what the query chose, and defaults each left-out part on its own', () => {
    expect(listing({ view: 'upcoming', today: '2026-03-14', sort: 'priority', order: 'desc' })).toBe('priority desc')
    expect(listing({ view: 'upcoming', today: '2026-03-14', sort: 'title' })).toBe('title asc')
    expect(listing({ view: 'upcoming', today: '2026-03-14', order: 'desc' })).toBe('due_on desc')
    expect(listing({ sort: 'due_on' })).toBe('due_on desc')
    expect(listing({ order: 'asc' })).toBe('created_at asc')
  })

  it('lists the user’s own order from the top, in every view, unless told otherwise', () => {
    expect(listing({ sort: 'position' })).toBe('position asc')
    expect(listing({ sort: 'position', view: 'upcoming', today: '2026-03-14' })).toBe('position asc')
    expect(listing({ sort: 'position', order: 'desc' })).toBe('position desc')
  })

  it('keeps the filter, limit and cursor as parsed', () => {
    const query = listTasksQuery.parse({ view: 'today', today: '2026-03-14', status: 'pending', limit: '5', cursor: 'c' })
    expect(toTaskListing(query)).toEqual({ ...query, sort: 'created_at', order: 'desc' })
  })
})
