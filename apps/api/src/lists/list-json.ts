import type { TaskListRow } from '@tasklane/db/schema'
import type { TaskList } from './list-schemas.ts'

/** A stored list in its wire form (`taskList` in list-schemas.ts). */
export function toListJson(row: Pick<TaskListRow, 'id' | 'name' | 'createdAt' | 'updatedAt'>): TaskList {
  return { id: row.id, name: row.name, created_at: row.createdAt.toISOString(), updated_at: row.updatedAt.toISOString() }
}
