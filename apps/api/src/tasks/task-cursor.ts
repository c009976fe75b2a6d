import { z } from '@hono/zod-openapi'
import { AppError } from '../errors/app-error.ts'
import { type ListTasksQuery, taskTitle } from './task-schemas.ts'

/** Where the previous page ended: the sort key and id of its last task. */
export interface TaskCursor {
  value: string
  id: string
}

// The cursor also records the listing it belongs to, so one cannot be replayed against another sort or filter.
const cursorPayload = z.object({ s: z.string(), o: z.string(), f: z.string(), v: z.string(), i: z.uuid() })

export function encodeCursor(query: ListTasksQuery, last: TaskCursor): string {
  const payload = { s: query.sort, o: query.order, f: query.status, v: last.value, i: last.id }
  return Buffer.from(JSON.stringify(payload)).toString('base64url')
}

/**
 * The position a cursor names, if this API could have issued it: anything else is 422, never a query that the
 * database refuses (a 500).
 */
export function decodeCursor(query: ListTasksQuery): TaskCursor | undefined {
  if (query.cursor === undefined) return undefined
  let payload: z.infer<typeof cursorPayload>
  try {
    payload = cursorPayload.parse(JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')))
  } catch {
    throw invalidCursor('is not a cursor this API issued')
  }
  if (payload.s !== query.sort || payload.o !== query.order || payload.f !== query.status) {
    throw invalidCursor('belongs to a listing with another sort, order or status')
  }
  const issued = query.sort === 'title' ? isStoredTitle(payload.v) : isIssuedTime(payload.v)
  if (!issued) throw invalidCursor('is not a cursor this API issued')
  return { value: payload.v, id: payload.i }
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
