import { taskLists, tasks, type TaskListRow, type TaskRow } from '@tasklane/db/schema'
import { and, asc, eq, getTableColumns, gt, or, type SQL } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'

/** Where the previous page of tasks ended, in the export's order (created_at, id). */
export interface ExportCursor {
  createdAt: Date
  id: string
}

export interface ExportRepository {
  /** Every list of the owner, in their own order. */
  lists(ownerId: string): Promise<TaskListRow[]>
  /** One page of the owner's tasks, oldest first, after `after`. */
  taskPage(ownerId: string, after: ExportCursor | undefined, limit: number): Promise<TaskRow[]>
}

const { search: _search, ...taskColumns } = getTableColumns(tasks)

/**
 * Keyset pages over `tasks_user_created_idx` (user_id, created_at, id): each page is an index range, however far into
 * the tasks it starts, and no page is held in memory longer than it takes to write it out. The pages are not one
 * snapshot: a task created or deleted while the export runs may or may not be in it, and every other task is in it
 * exactly once.
 */
export function createExportRepository(db: NodePgDatabase): ExportRepository {
  return {
    lists(ownerId) {
      return db.select().from(taskLists).where(eq(taskLists.userId, ownerId)).orderBy(asc(taskLists.position), asc(taskLists.id))
    },
    taskPage(ownerId, after, limit) {
      const conditions: (SQL | undefined)[] = [eq(tasks.userId, ownerId)]
      if (after) conditions.push(or(gt(tasks.createdAt, after.createdAt), and(eq(tasks.createdAt, after.createdAt), gt(tasks.id, after.id))))
      return db
        .select(taskColumns)
        .from(tasks)
        .where(and(...conditions))
        .orderBy(asc(tasks.createdAt), asc(tasks.id))
        .limit(limit)
    },
  }
}
