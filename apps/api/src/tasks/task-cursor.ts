import { createHash } from 'node:crypto'
import { z } from '@hono/zod-openapi'
import type { TaskRow } from '@tasklane/db/schema'
import { AppError } from '../errors/app-error.ts'
import type { TaskListing } from './task-listing.ts'
import { priorityOf } from './task-priority.ts'
import { searchTermsOf } from './task-search.ts'
import { calendarDay, TASK_PRIORITIES, type TaskSort, taskTitle, VIEWS_NEEDING_TODAY } from './task-schemas.ts'

/**
 * Where the previous page ended: the sort key and id of its last task. The key is as the api writes it: a time, a
 * title, a due day (null for a task without one), a priority's word, or a position (a double as JavaScript writes it).
 */
export interface TaskCursor {
  value: string | null
  id: string
}

// The cursor also records the listing it belongs to, so one cannot be replayed against another sort or filter.
// `w` (view) and `t` (today) came later: a cursor without them was issued for view=all, and still reads as one. So
// did `q`, a digest of the search's terms (none: not a search), so a cursor stays short whatever was searched for,
// and `l`, the list (`inbox` or an id; none: every task).
const cursorPayload = z.object({
  s: z.string(),
  o: z.string(),
  f: z.string(),
  w: z.string().optional(),
  t: z.string().optional(),
  q: z.string().optional(),
  l: z.string().optional(),
  v: z.string().nullable(),
  i: z.uuid(),
})

/** The day a listing's view compares with, if it compares: `today` changes nothing in the other views. */
const dayOf = (listing: TaskListing) => (VIEWS_NEEDING_TODAY.has(listing.view) ? listing.today : undefined)

/**
 * The search a listing makes, as a cursor records it: 128 bits of SHA-256 over its terms as the api matches them (so
 * `q=milk` and `q= milk ` are one listing), or undefined for none.
 */
function searchOf(listing: TaskListing): string | undefined {
  const terms = searchTermsOf(listing.q)
  return terms.length === 0 ? undefined : createHash('sha256').update(JSON.stringify(terms)).digest('base64url').slice(0, 22)
}

/** The cursor position of a task in a listing sorted by `sort`. */
export function positionOf(sort: TaskSort, row: TaskRow): TaskCursor {
  const value = {
    created_at: () => row.createdAt.toISOString(),
    updated_at: () => row.updatedAt.toISOString(),
    title: () => row.title,
    due_on: () => row.dueOn,
    priority: () => priorityOf(row.priority),
    position: () => String(row.position),
  }[sort]()
  return { value, id: row.id }
}

export function encodeCursor(listing: TaskListing, last: TaskCursor): string {
  const payload = { s: listing.sort, o: listing.order, f: listing.status, w: listing.view, t: dayOf(listing), q: searchOf(listing), l: listing.list, v: last.value, i: last.id }
  return Buffer.from(JSON.stringify(payload)).toString('base64url')
}

/**
 * The position a cursor names, if this API could have issued it: anything else is 422, never a query that the
 * database refuses (a 500).
 */
export function decodeCursor(listing: TaskListing): TaskCursor | undefined {
  if (listing.cursor === undefined) return undefined
  let payload: z.infer<typeof cursorPayload>
  try {
    payload = cursorPayload.parse(JSON.parse(Buffer.from(listing.cursor, 'base64url').toString('utf8')))
  } catch {
    throw invalidCursor('is not a cursor this API issued')
  }
  if (
    payload.s !== listing.sort ||
    payload.o !== listing.order ||
    payload.f !== listing.status ||
    (payload.w ?? 'all') !== listing.view ||
    payload.t !== dayOf(listing) ||
    payload.q !== searchOf(listing) ||
    payload.l !== listing.list
  ) {
    throw invalidCursor('belongs to a listing with another sort, order, status, view, today, search or list')
  }
  if (!isIssuedValue(listing.sort, payload.v)) throw invalidCursor('is not a cursor this API issued')
  return { value: payload.v, id: payload.i }
}

/** Whether `value` is a key `positionOf` could have written for this sort; each reaches SQL typed by its sort. */
function isIssuedValue(sort: TaskSort, value: string | null): boolean {
  // Only a due day may be missing: a task without one is still a position, at the end.
  if (value === null) return sort === 'due_on'
  switch (sort) {
    case 'created_at':
    case 'updated_at':
      return isIssuedTime(value)
    case 'title':
      return isStoredTitle(value)
    case 'due_on':
      return calendarDay.safeParse(value).success
    case 'priority':
      return (TASK_PRIORITIES as readonly string[]).includes(value)
    case 'position':
      return isIssuedPosition(value)
  }
}

/** A position as `String(number)` writes a finite double: the one text that reads back to it (so no '1e0', ' 1' or 'NaN'). */
function isIssuedPosition(value: string): boolean {
  const position = Number(value)
  return Number.isFinite(position) && String(position) === value
}

/**
 * A time as `encodeCursor` writes it, `Date#toISOString()`, so it must read back to the same text (Date.parse also
 * takes '1' or 'March 7'), in the years 1–9999: the four-digit ones PostgreSQL's timestamptz reads. It has no year 0,
 * so '0000-01-01T00:00:00.000Z', which JavaScript reads and writes back, must be refused here.
 */
function isIssuedTime(value: string): boolean {
  const time = new Date(value)
  if (Number.isNaN(time.getTime()) || time.toISOString() !== value) return false
  const year = time.getUTCFullYear()
  return year >= 1 && year <= 9999
}

/** A title cursor holds a stored title: one the title schema accepts as it stands (no NUL, trimmed, 1–200). */
function isStoredTitle(value: string): boolean {
  const parsed = taskTitle.safeParse(value)
  return parsed.success && parsed.data === value
}

function invalidCursor(why: string): AppError {
  return new AppError('VALIDATION_FAILED', { detail: [{ field: 'cursor', message: why }] })
}
