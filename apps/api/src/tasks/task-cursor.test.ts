import { describe, expect, it } from 'vitest'
import { AppError } from '../errors/app-error.ts'
import type { TaskRow } from '@tasklane/db/schema'
import { decodeCursor, encodeCursor, positionOf } from './task-cursor.ts'
import { type TaskListing, toTaskListing } from './task-listing.ts'
import { listTasksQuery } from './task-schemas.ts'

const TASK_ID = '3f1c2a8e-5b7d-4c1e-9a2f-6d8e0b4c7a15'
const CREATED_AT = '2025-03-14T09:26:53.589Z'

function query(overrides: Partial<TaskListing> = {}): TaskListing {
  return { ...toTaskListing(listTasksQuery.parse({})), ...overrides }
}

/** A cursor body as a client could forge it, bypassing `encodeCursor`. */
function forged(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url')
}

function cursorProblem(listing: TaskListing): { field: string; message: string } {
  try {
    decodeCursor(listing)
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    const appError = error as AppError
    expect(appError.code).toBe('VALIDATION_FAILED')
    expect(appError.status).toBe(422)
    expect(appError.detail).toEqual([{ field: 'cursor', message: expect.any(String) }])
    return (appError.detail as { field: string; message: string }[])[0] as { field: string; message: string }
  }
  throw new Error(`expected cursor ${String(listing.cursor)} to be refused`)
}

describe('task cursor', () => {
  it('decodes to nothing when the query has no cursor', () => {
    expect(decodeCursor(query())).toBeUndefined()
  })

  it('round-trips the last task of a page for the same listing', () => {
    const listing = query({ sort: 'updated_at', order: 'asc', status: 'pending' })
    const cursor = encodeCursor(listing, { value: CREATED_AT, id: TASK_ID })
    expect(decodeCursor({ ...listing, cursor })).toEqual({ value: CREATED_AT, id: TASK_ID })
  })

  it('round-trips a title cursor, whatever the title holds', () => {
    const listing = query({ sort: 'title' })
    const title = 'Ünïcode, "quotes" and / slashes'
    const cursor = encodeCursor(listing, { value: title, id: TASK_ID })
    expect(decodeCursor({ ...listing, cursor })).toEqual({ value: title, id: TASK_ID })
  })

  it('is URL-safe, so it can go in a query string unescaped', () => {
    const cursor = encodeCursor(query({ sort: 'title' }), { value: '???>>>~~~'.repeat(20), id: TASK_ID })
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
  })

  it.each<[string, Partial<TaskListing>]>([
    ['sort', { sort: 'updated_at' }],
    ['order', { order: 'asc' }],
    ['status', { status: 'completed' }],
    ['view', { view: 'no_date' }],
    ['view that needs a day', { view: 'today', today: '2026-03-14' }],
  ])('refuses a cursor issued for another %s', (_changed, change) => {
    const cursor = encodeCursor(query(), { value: CREATED_AT, id: TASK_ID })
    expect(cursorProblem(query({ ...change, cursor })).message).toBe('belongs to a listing with another sort, order, status, view, today, search or list')
  })

  it('refuses a date view’s cursor on another day, and ignores the day in views that do not compare with it', () => {
    const today = query({ view: 'overdue', today: '2026-03-14' })
    const dated = encodeCursor(today, { value: CREATED_AT, id: TASK_ID })
    expect(cursorProblem({ ...today, today: '2026-03-15', cursor: dated }).message).toBe('belongs to a listing with another sort, order, status, view, today, search or list')
    expect(decodeCursor({ ...today, cursor: dated })).toEqual({ value: CREATED_AT, id: TASK_ID })
    const undated = encodeCursor(query({ view: 'no_date', today: '2026-03-14' }), { value: CREATED_AT, id: TASK_ID })
    expect(decodeCursor(query({ view: 'no_date', cursor: undated }))).toEqual({ value: CREATED_AT, id: TASK_ID })
  })

  it('still reads a cursor issued before views existed as one of view=all', () => {
    const old = forged({ s: 'created_at', o: 'desc', f: 'all', v: CREATED_AT, i: TASK_ID })
    expect(decodeCursor(query({ cursor: old }))).toEqual({ value: CREATED_AT, id: TASK_ID })
    expect(cursorProblem(query({ view: 'no_date', cursor: old })).message).toMatch(/^belongs to a listing/)
  })

  it('round-trips a due-day cursor, and one for a task without a due day', () => {
    for (const order of ['asc', 'desc'] as const) {
      const listing = query({ sort: 'due_on', order })
      for (const value of ['2026-02-28', '0001-01-01', '9999-12-31', null]) {
        expect(decodeCursor({ ...listing, cursor: encodeCursor(listing, { value, id: TASK_ID }) })).toEqual({ value, id: TASK_ID })
      }
    }
  })

  it('round-trips a priority cursor, as the word', () => {
    const listing = query({ sort: 'priority' })
    for (const value of ['none', 'low', 'medium', 'high']) {
      expect(decodeCursor({ ...listing, cursor: encodeCursor(listing, { value, id: TASK_ID }) })).toEqual({ value, id: TASK_ID })
    }
  })

  it('takes each sort’s key from the task', () => {
    const row: TaskRow = {
      id: TASK_ID,
      userId: 'u',
      title: 'Title',
      description: null,
      completed: false,
      createdAt: new Date(CREATED_AT),
      updatedAt: new Date('2025-03-15T00:00:00.000Z'),
      dueOn: null,
      priority: 3,
      position: -2.5,
      listId: null,
    }
    expect(positionOf('created_at', row)).toEqual({ value: CREATED_AT, id: TASK_ID })
    expect(positionOf('updated_at', row)).toEqual({ value: '2025-03-15T00:00:00.000Z', id: TASK_ID })
    expect(positionOf('title', row)).toEqual({ value: 'Title', id: TASK_ID })
    expect(positionOf('due_on', row)).toEqual({ value: null, id: TASK_ID })
    expect(positionOf('due_on', { ...row, dueOn: '2026-03-14' })).toEqual({ value: '2026-03-14', id: TASK_ID })
    expect(positionOf('priority', row)).toEqual({ value: 'high', id: TASK_ID })
    expect(positionOf('position', row)).toEqual({ value: '-2.5', id: TASK_ID })
    expect(positionOf('position', { ...row, position: 0.1 + 0.2 })).toEqual({ value: '0.30000000000000004', id: TASK_ID })
  })

  it('round-trips a position cursor exactly, for any double a renumbering or a halving can give', () => {
    const listing = query({ sort: 'position', order: 'asc' })
    for (const position of [0, 1, -1, 1.5, 0.1 + 0.2, 1 / 3, 2 ** -40, -1e15, 123456789.00000001, Number.MAX_VALUE, Number.MIN_VALUE]) {
      const value = String(position)
      expect(decodeCursor({ ...listing, cursor: encodeCursor(listing, { value, id: TASK_ID }) })).toEqual({ value, id: TASK_ID })
      expect(Number(value)).toBe(position)
    }
  })

  // Each would reach PostgreSQL as `::float8`: refused here, as not written by `String(number)`, or not finite.
  it.each([
    ['nothing', ''],
    ['no value', null],
    ['not a number', 'top'],
    ['NaN', 'NaN'],
    ['infinity', 'Infinity'],
    ['PostgreSQL’s own infinity', 'infinity'],
    ['an exponent JavaScript would not write', '1e0'],
    ['spaces', ' 1'],
    ['a leading plus', '+1'],
    ['hexadecimal', '0x10'],
    ['a number beyond a double', '1e400'],
  ])('refuses a position cursor with %s', (_name, value) => {
    const cursor = forged({ s: 'position', o: 'asc', f: 'all', v: value, i: TASK_ID })
    expect(cursorProblem(query({ sort: 'position', order: 'asc', cursor })).message).toBe('is not a cursor this API issued')
  })

  it('binds a cursor to its search: another search, or none, is refused; the same terms spelled apart are one search', () => {
    const listing = query({ q: 'buy mil' })
    const cursor = encodeCursor(listing, { value: CREATED_AT, id: TASK_ID })
    expect(decodeCursor({ ...listing, cursor })).toEqual({ value: CREATED_AT, id: TASK_ID })
    expect(decodeCursor({ ...listing, q: '  buy \t mil ', cursor })).toEqual({ value: CREATED_AT, id: TASK_ID })
    for (const q of [undefined, '', 'buy', 'mil buy', 'Buy mil', 'buy milk']) {
      expect(cursorProblem({ ...listing, q, cursor }).message, String(q)).toBe('belongs to a listing with another sort, order, status, view, today, search or list')
    }
    // A cursor of no search stays one for a `q` that searches for nothing.
    const plain = encodeCursor(query(), { value: CREATED_AT, id: TASK_ID })
    for (const q of [undefined, '', '   ', '#!']) expect(decodeCursor({ ...query({ q }), cursor: plain })).toEqual({ value: CREATED_AT, id: TASK_ID })
    expect(cursorProblem(query({ q: 'buy', cursor: plain })).field).toBe('cursor')
  })

  it('binds a cursor to its list: another list, the Inbox, or no list at all is refused', () => {
    const LIST_ID = '7a0f1c52-3b7e-4d59-9a1e-2f7c5d8e9b10'
    const listing = query({ list: LIST_ID, sort: 'position', order: 'asc' })
    const cursor = encodeCursor(listing, { value: '-3', id: TASK_ID })
    expect(decodeCursor({ ...listing, cursor })).toEqual({ value: '-3', id: TASK_ID })
    for (const list of [undefined, 'inbox', '00000000-0000-4000-8000-000000000000']) {
      expect(cursorProblem({ ...listing, list, cursor }).message, String(list)).toBe('belongs to a listing with another sort, order, status, view, today, search or list')
    }
    const inbox = encodeCursor(query({ list: 'inbox' }), { value: CREATED_AT, id: TASK_ID })
    expect(cursorProblem(query({ cursor: inbox })).field).toBe('cursor')
  })

  it('stays short whatever the search: a 200-character one adds the same few characters as a word', () => {
    const word = encodeCursor(query({ q: 'x' }), { value: CREATED_AT, id: TASK_ID })
    const long = encodeCursor(query({ q: '語'.repeat(199) + ' x' }), { value: CREATED_AT, id: TASK_ID })
    expect(long.length).toBe(word.length)
  })

  it.each([
    ['garbage', 'not-a-cursor!!'],
    ['base64 of something that is not JSON', Buffer.from('hello').toString('base64url')],
    ['JSON with missing fields', forged({ s: 'created_at', o: 'desc', f: 'all' })],
    ['a non-uuid id', forged({ s: 'created_at', o: 'desc', f: 'all', v: CREATED_AT, i: '42' })],
    ['an id that tries SQL', forged({ s: 'created_at', o: 'desc', f: 'all', v: CREATED_AT, i: "1' or '1'='1" })],
    ['a date sort with a value that is not a date', forged({ s: 'created_at', o: 'desc', f: 'all', v: 'yesterday', i: TASK_ID })],
  ])('refuses %s as not a cursor this API issued', (_name, cursor) => {
    expect(cursorProblem(query({ cursor })).message).toBe('is not a cursor this API issued')
  })

  // Each of these reached PostgreSQL as `::timestamptz` or as a title, which refused it with a 500.
  it.each([
    ['year 0, which JavaScript reads but PostgreSQL has not', '0000-01-01T00:00:00.000Z'],
    ['a six-digit year', '+010000-01-01T00:00:00.000Z'],
    ['a negative year', '-000001-01-01T00:00:00.000Z'],
    ['a time without milliseconds', '2025-03-14T09:26:53Z'],
    ['a time with an offset', '2025-03-14T10:26:53.589+01:00'],
    ['a day that does not exist', '2025-02-30T00:00:00.000Z'],
    ['a date Date.parse reads loosely', 'March 7, 2025'],
  ])('refuses a time cursor with %s', (_name, value) => {
    const cursor = forged({ s: 'created_at', o: 'desc', f: 'all', v: value, i: TASK_ID })
    expect(cursorProblem(query({ cursor })).message).toBe('is not a cursor this API issued')
  })

  it('accepts the first and last days of the years PostgreSQL reads', () => {
    for (const value of ['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      expect(decodeCursor(query({ cursor: forged({ s: 'created_at', o: 'desc', f: 'all', v: value, i: TASK_ID }) }))).toEqual({ value, id: TASK_ID })
    }
  })

  // Each would reach PostgreSQL as `::date`, which refuses it with a 500.
  it.each([
    ['a day that does not exist', '2026-02-30'],
    ['year 0', '0000-06-01'],
    ['a five-digit year', '10000-01-01'],
    ['a time', '2026-03-14T00:00:00.000Z'],
    ['words PostgreSQL would read as a date', 'infinity'],
    ['nothing', ''],
  ])('refuses a due-day cursor with %s', (_name, value) => {
    for (const order of ['asc', 'desc'] as const) {
      const cursor = forged({ s: 'due_on', o: order, f: 'all', v: value, i: TASK_ID })
      expect(cursorProblem(query({ sort: 'due_on', order, cursor })).message).toBe('is not a cursor this API issued')
    }
  })

  it.each([
    ['a priority that is not one', 'urgent', 'priority'],
    ['a stored rank instead of the word', '3', 'priority'],
    ['no value on a sort where every task has one', null, 'priority'],
    ['no value on a time sort', null, 'created_at'],
    ['no value on the title sort', null, 'title'],
  ] as const)('refuses a cursor with %s', (_name, value, sort) => {
    const cursor = forged({ s: sort, o: 'desc', f: 'all', v: value, i: TASK_ID })
    expect(cursorProblem(query({ sort, cursor })).message).toBe('is not a cursor this API issued')
  })

  it.each([
    ['a NUL character', 'a\u0000b'],
    ['a lone surrogate', 'a\ud800b'],
    ['surrounding spaces, which a stored title never has', ' padded '],
    ['nothing at all', ''],
    ['more than 200 characters', 'x'.repeat(201)],
  ])('refuses a title cursor with %s', (_name, value) => {
    const cursor = forged({ s: 'title', o: 'desc', f: 'all', v: value, i: TASK_ID })
    expect(cursorProblem(query({ sort: 'title', cursor })).message).toBe('is not a cursor this API issued')
  })
})
