/** The key that keeps a task in a list of its own owner (packages/db/src/schema/tasks.ts). */
const LIST_OWNER_KEY = 'tasks_list_owner_fk'
const FOREIGN_KEY_VIOLATION = '23503'

/**
 * Whether a write failed because it named a list that is not the task owner's: another user's, one that was never
 * there, or one deleted meanwhile. The database checks it in the write itself, so there is no check-then-write race,
 * and the refused statement wrote nothing. Walks the `cause` chain: Drizzle wraps the driver's error.
 */
export function isUnknownListError(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const { code, constraint } = current as { code?: unknown; constraint?: unknown }
    if (code === FOREIGN_KEY_VIOLATION && constraint === LIST_OWNER_KEY) return true
  }
  return false
}
