import type pg from 'pg'
import { z } from 'zod'

/**
 * The one PostgreSQL channel every api process publishes task changes on and listens to, so a change made through
 * one instance reaches the streams open on every other.
 */
export const TASK_CHANGES_CHANNEL = 'tasklane_task_changes'

/**
 * The `list_…` kinds are changes to the user's lists (lists/list-routes.ts); a task moved to another list is an
 * `updated` task, and a list deleted with its tasks (or sending them to the Inbox) is one `list_deleted`.
 */
export const TASK_CHANGE_KINDS = [
  'created',
  'updated',
  'completed',
  'moved',
  'deleted',
  'completed_all',
  'cleared_completed',
  'list_created',
  'list_renamed',
  'list_moved',
  'list_deleted',
] as const

/** What a change says: whose tasks or lists changed, how, and which task or list when it was one. Never their content. */
export const taskChange = z.strictObject({
  user_id: z.string().min(1),
  kind: z.enum(TASK_CHANGE_KINDS),
  task_id: z.uuid().optional(),
  list_id: z.uuid().optional(),
})

export type TaskChange = z.infer<typeof taskChange>

export type PublishTaskChange = (change: TaskChange) => Promise<void>

/**
 * `pg_notify` on a pooled connection. The notification is sent once its statement commits, and only to sessions
 * listening by then; a payload is at most 8000 bytes, far more than an id and a kind.
 */
export function notifyTaskChanges(pool: pg.Pool): PublishTaskChange {
  return async (change) => {
    await pool.query('select pg_notify($1, $2)', [TASK_CHANGES_CHANNEL, JSON.stringify(change)])
  }
}

/** A notification's payload as a change, or undefined for anything else (nothing else publishes here, but trust no one). */
export function parseTaskChange(payload: string | undefined): TaskChange | undefined {
  if (payload === undefined) return undefined
  try {
    const parsed = taskChange.safeParse(JSON.parse(payload))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}
