import type { TaskRow } from '@tasklane/db/schema'
import { priorityOf } from './task-priority.ts'
import type { Task } from './task-schemas.ts'

/** A stored task in its wire form (`task` in task-schemas.ts): snake_case, ISO-8601 UTC times, due day as stored. */
export function toTaskJson(row: TaskRow): Task {
  return {
    id: row.id,
    user_id: row.userId,
    title: row.title,
    description: row.description,
    completed: row.completed,
    due_on: row.dueOn,
    priority: priorityOf(row.priority),
    list_id: row.listId,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  }
}
