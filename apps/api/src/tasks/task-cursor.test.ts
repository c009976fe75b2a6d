import { describe, expect, it } from 'vitest'
import { AppError } from '../errors/app-error.ts'
import { decodeCursor, encodeCursor } from './task-cursor.ts'
import { type ListTasksQuery, listTasksQuery } from './task-schemas.ts'

const TASK_ID = '3f1c2a8e-5b7d-4c1e-9a2f-6d8e0b4c7a15'
const CREATED_AT = '2025-03-14T09:26:53.589Z'

function query(overrides: Partial<ListTasksQuery> = {}): ListTasksQuery {
  return { ...listTasksQuery.parse({}), ...overrides }
}

/** A cursor body as a client could forge it, bypassing `encodeCursor`. */
function forged(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url')
}

function cursorProblem(listing: ListTasksQuery): { field: string; message: string } {
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

  it.each<[string, Partial<ListTasksQuery>]>([
    ['sort', { sort: 'updated_at' }],
    ['order', { order: 'asc' }],
    ['status', { status: 'completed' }],
  ])('refuses a cursor issued for another %s', (_changed, change) => {
    const cursor = encodeCursor(query(), { value: CREATED_AT, id: TASK_ID })
    expect(cursorProblem(query({ ...change, cursor })).message).toBe('belongs to a listing with another sort, order or status')
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
