import type { RequestIdVariables } from 'hono/request-id'
import type { ValidatedSession } from './session/session-validator.ts'

/** The bindings every api route sees; `session` is set by `requireSession`. */
export interface ApiEnv {
  Variables: RequestIdVariables & { session: ValidatedSession }
}
