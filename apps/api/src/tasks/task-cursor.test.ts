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
})
