import type { z } from '@hono/zod-openapi'
import { refusal } from '../errors/error-responses.ts'

// The parts every `/api/{userId}/…` route declaration shares (tasks/task-routes.ts, lists/list-routes.ts): the
// middleware in create-app.ts answers before a handler, so its refusals are listed on every route.

export const json = <Schema extends z.ZodType>(schema: Schema, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})
export const jsonRequest = <Schema extends z.ZodType>(schema: Schema, required: boolean) => ({ required, content: { 'application/json': { schema } } })

/** Every route: `requireSession` (401, or 503 when auth cannot answer) and `requireOwner` (403), then the database. */
export const guarded = {
  401: refusal('UNAUTHENTICATED'),
  403: refusal('FORBIDDEN'),
  500: refusal('INTERNAL_ERROR'),
  503: refusal('AUTH_UNAVAILABLE', 'DATABASE_UNAVAILABLE'),
} as const
/** Writes meet the CSRF guard and the body limit before the session check (create-app.ts). */
export const write = { ...guarded, 403: refusal('FORBIDDEN', 'CSRF_REJECTED'), 413: refusal('PAYLOAD_TOO_LARGE') } as const
/** And a JSON body must be JSON (`jsonBody`) before its schema is checked. */
export const jsonWrite = {
  ...write,
  400: refusal('MALFORMED_JSON'),
  415: refusal('UNSUPPORTED_MEDIA_TYPE'),
  422: refusal('VALIDATION_FAILED'),
} as const
export const security = [{ session: [] }]
