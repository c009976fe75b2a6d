import { describe, expect, it } from 'vitest'
import { safeNextPath } from './safe-next-path'
import {
  DASHBOARD_SORTS,
  dashboardListFromParams,
  dashboardListFromSearch,
  dashboardUrl,
  SEARCH_MAX_CHARS,
  searchOf,
  signInUrlFor,
  taskFilterFromParam,
  taskFilterUrl,
  listChoiceFromParam,
} from './task-filter-url'
import { listShapeFor, TASK_FILTERS } from './task-queries'
import { SEARCH_MAX, TASK_VIEWS } from '@tasklane/api/contract'


const LIST_ID = '0b9d6a5e-1c3f-4e2a-9b7d-5f8e2c1a3d4b'

describe('the dashboard filter in the URL', () => {
  it('reads active and completed, and shows all for anything else', () => {
    expect(taskFilterFromParam('active')).toBe('pending')
    expect(taskFilterFromParam('completed')).toBe('completed')
    for (const other of [undefined, null, '', 'all', 'pending', 'Active', 'ACTIVE', ' active', 'active ', 'done', 'toString', '__proto__', 'constructor']) {
      expect(taskFilterFromParam(other), String(other)).toBe('all')
    }
    // `?status=active&status=completed`: which one was meant is not clear.
    expect(taskFilterFromParam(['active', 'completed'])).toBe('all')
    // As `URLSearchParams.getAll` reads it in the browser, so the page and the server agree.
    expect(taskFilterFromParam(['active'])).toBe('pending')
    expect(taskFilterFromParam([])).toBe('all')
  })

  it('writes each filter as the address that reads back as it', () => {
    expect(taskFilterUrl('all')).toBe('/dashboard')
    expect(taskFilterUrl('pending')).toBe('/dashboard?status=active')
    expect(taskFilterUrl('completed')).toBe('/dashboard?status=completed')
    for (const filter of TASK_FILTERS) {
      const url = new URL(taskFilterUrl(filter), 'http://tasklane.invalid')
      expect(taskFilterFromParam(url.searchParams.get('status'))).toBe(filter)
    }
  })

  it('sends a signed-out visitor to sign in and back to the same filter', () => {
    expect(signInUrlFor('all')).toBe('/sign-in?next=/dashboard')
    expect(signInUrlFor('pending')).toBe('/sign-in?next=/dashboard%3Fstatus%3Dactive')
    for (const filter of TASK_FILTERS) {
      const next = new URL(signInUrlFor(filter), 'http://tasklane.invalid').searchParams.get('next')
      expect(safeNextPath(next)).toBe(taskFilterUrl(filter))
    }
  })

  it('reads the date view and the order, each falling back on its own', () => {
    expect(dashboardListFromParams({})).toEqual({ status: 'all', view: 'all', sort: 'created', q: '', list: null })
    expect(dashboardListFromParams({ view: 'today', status: 'active' })).toEqual({ status: 'pending', view: 'today', sort: 'created', q: '', list: null })
    expect(dashboardListFromParams({ view: 'no-date', sort: 'title', q: '', list: null })).toEqual({ status: 'all', view: 'no_date', sort: 'title', q: '', list: null })
    // Upcoming reads as a schedule: soonest due first unless another order is named.
    expect(dashboardListFromParams({ view: 'upcoming' }).sort).toBe('due')
    expect(dashboardListFromParams({ view: 'upcoming', sort: 'priority', q: '', list: null }).sort).toBe('priority')
    for (const other of ['no_date', 'Today', 'all', 'toString', '__proto__', '', ['today', 'overdue']]) {
      expect(dashboardListFromParams({ view: other }).view, String(other)).toBe('all')
    }
    for (const other of ['created_at', 'due_on', 'constructor', 'Title', ['title', 'due']]) {
      expect(dashboardListFromParams({ sort: other }).sort, String(other)).toBe('created')
    }
    expect(dashboardListFromSearch(new URLSearchParams('status=completed&view=overdue&sort=priority'))).toEqual({ status: 'completed', view: 'overdue', sort: 'priority', q: '', list: null })
  })

  it('writes every list as the shortest address that reads back as it', () => {
    expect(dashboardUrl({ status: 'all', view: 'today', sort: 'created', q: '', list: null })).toBe('/dashboard?view=today')
    expect(dashboardUrl({ status: 'pending', view: 'no_date', sort: 'due', q: '', list: null })).toBe('/dashboard?status=active&view=no-date&sort=due')
    expect(dashboardUrl({ status: 'all', view: 'upcoming', sort: 'due', q: '', list: null })).toBe('/dashboard?view=upcoming')
    expect(dashboardUrl({ status: 'all', view: 'upcoming', sort: 'created', q: '', list: null })).toBe('/dashboard?view=upcoming&sort=created')
    for (const status of TASK_FILTERS) {
      for (const view of TASK_VIEWS) {
        for (const [sort, q, list] of DASHBOARD_SORTS.flatMap((sort) =>
          ['', 'milk', 'buy mil ', 'a&b=c/d?#'].flatMap((q) => [null, 'inbox', LIST_ID].map((list) => [sort, q, list] as const)),
        )) {
          const url = new URL(dashboardUrl({ status, view, sort, q, list }), 'http://tasklane.invalid')
          expect(dashboardListFromSearch(url.searchParams)).toEqual({ status, view, sort, q, list })
          const next = new URL(signInUrlFor({ status, view, sort, q, list }), 'http://tasklane.invalid').searchParams.get('next')
          expect(safeNextPath(next)).toBe(dashboardUrl({ status, view, sort, q, list }))
        }
      }
    }
  })

  it('asks a date view for the user’s day, and shares one list across days for the others', () => {
    expect(listShapeFor({ status: 'all', view: 'today', sort: 'created', q: '', list: null }, '2026-12-01').today).toBe('2026-12-01')
    expect(listShapeFor({ status: 'all', view: 'overdue', sort: 'created', q: '', list: null }, null).today).toBeNull()
    expect(listShapeFor({ status: 'all', view: 'no_date', sort: 'created', q: '', list: null }, '2026-12-01').today).toBeNull()
    expect(listShapeFor({ status: 'pending', view: 'all', sort: 'title', q: '', list: null }, '2026-12-01')).toEqual({ status: 'pending', view: 'all', sort: 'title', q: '', today: null, list: null })
  })
})

describe('the search and the own order in the URL', () => {
  it('keeps the search as typed in `q`, and leaves out text that searches for nothing', () => {
    expect(dashboardUrl({ status: 'all', view: 'all', sort: 'created', q: 'milk', list: null })).toBe('/dashboard?q=milk')
    expect(dashboardUrl({ status: 'pending', view: 'today', sort: 'position', q: 'buy mil ', list: null })).toBe('/dashboard?status=active&view=today&sort=position&q=buy+mil+')
    for (const nothing of ['', '   ', '#', '- 🍪']) expect(dashboardUrl({ status: 'all', view: 'all', sort: 'created', q: nothing, list: null }), nothing).toBe('/dashboard')
    expect(dashboardListFromSearch(new URLSearchParams('q=buy+mil+&sort=position'))).toEqual({ status: 'all', view: 'all', sort: 'position', q: 'buy mil ', list: null })
  })

  it('reads one `q` only, at most as long as the api takes', () => {
    expect(dashboardListFromParams({ q: ['milk', 'bread'] }).q).toBe('')
    expect(dashboardListFromParams({ q: ['milk'] }).q).toBe('milk')
    expect(dashboardListFromParams({ q: 'x'.repeat(500) }).q).toHaveLength(SEARCH_MAX)
    expect(SEARCH_MAX_CHARS).toBe(SEARCH_MAX)
  })

  it('searches for the pieces with a word, one space apart, as the api does, and never sends what it refuses', () => {
    expect(searchOf('  buy   mil ')).toBe('buy mil')
    expect(searchOf('# - 🍪')).toBe('')
    expect(searchOf('co-op #1')).toBe('co-op #1')
    expect(searchOf('milk \u0000x bread')).toBe('milk bread')
    // Half of a pair (a cut at the length limit) is not text the api stores.
    expect(searchOf('milk a\ud83c')).toBe('milk')
    // One list for one search, however it is spaced.
    expect(listShapeFor({ status: 'all', view: 'all', sort: 'created', q: ' milk  ', list: null }, null).q).toBe('milk')
  })
})

describe('the list in the URL', () => {
  it('reads `?list=` as the Inbox, a list id (lower-cased) or none, and writes it first', () => {
    expect(listChoiceFromParam('inbox')).toBe('inbox')
    expect(listChoiceFromParam(LIST_ID)).toBe(LIST_ID)
    expect(listChoiceFromParam(LIST_ID.toUpperCase())).toBe(LIST_ID)
    // Unknown words, the Inbox by name, a repeated parameter, something not a UUID: every task, as with no parameter.
    for (const value of [undefined, '', 'Inbox', 'all', ['inbox', LIST_ID], `${LIST_ID}x`, 'not-a-list']) expect(listChoiceFromParam(value), String(value)).toBeNull()
    expect(dashboardUrl({ status: 'pending', view: 'all', sort: 'created', q: 'milk', list: 'inbox' })).toBe('/dashboard?list=inbox&status=active&q=milk')
    expect(dashboardUrl({ status: 'all', view: 'all', sort: 'created', q: '', list: LIST_ID })).toBe(`/dashboard?list=${LIST_ID}`)
    expect(dashboardListFromParams({ list: LIST_ID, view: 'today' })).toEqual({ status: 'all', view: 'today', sort: 'created', q: '', list: LIST_ID })
  })

  it('goes into the list shape, so each list is its own cached listing', () => {
    expect(listShapeFor({ status: 'all', view: 'all', sort: 'created', q: '', list: 'inbox' }, null).list).toBe('inbox')
    expect(listShapeFor({ status: 'all', view: 'all', sort: 'created', q: '', list: null }, null).list).toBeNull()
  })
})
