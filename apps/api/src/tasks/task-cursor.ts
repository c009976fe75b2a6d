import { z } from 'zod'
import { AppError } from '../errors/app-error.ts'
import type { ListTasksQuery } from './task-schemas.ts'

/** Where the previous page ended: the sort key and id of its last task. */
export interface TaskCursor {
  value: string
  id: string
}

// The cursor also records the listing it belongs to, so one cannot be replayed against another sort or filter.
// encodeCursor always writes toISOString(); anything looser (Date.parse takes '1' or 'March 7') is forged.
const isoTime = z.iso.datetime({ precision: 3 })
const cursorPayload = z.object({ s: z.string(), o: z.string(), f: z.string(), v: z.string().refine((value) => !value.includes('\u0000')), i: z.uuid() })

export function encodeCursor(query: ListTasksQuery, last: TaskCursor): string {
  const payload = { s: query.sort, o: query.order, f: query.status, v: last.value, i: last.id }
  return Buffer.from(JSON.stringify(payload)).toString('base64url')
}

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
  if (query.sort !== 'title' && !isoTime.safeParse(payload.v).success) throw invalidCursor('is not a cursor this API issued')
  return { value: payload.v, id: payload.i }
}

function invalidCursor(why: string): AppError {
  return new AppError('VALIDATION_FAILED', { detail: [{ field: 'cursor', message: why }] })
}
