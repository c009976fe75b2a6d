import { describe, expect, it } from 'vitest'
import { safeNextPath } from './safe-next-path'
import { signInUrlFor, taskFilterFromParam, taskFilterUrl } from './task-filter-url'
import { TASK_FILTERS } from './task-queries'

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
})
