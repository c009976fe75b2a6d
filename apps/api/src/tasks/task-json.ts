import type { TaskRow } from '@tasklane/db/schema'

/** The wire form of a task: snake_case, ISO-8601 UTC times. */
export interface TaskJson {
  id: string
  user_id: string
  title: string
  description: string | null
  completed: boolean
  created_at: string
  updated_at: string
}

export function toTaskJson(row: TaskRow): TaskJson {
  return {
    id: row.id,
    user_id: row.userId,
    title: row.title,
    description: row.description,
    completed: row.completed,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  }
}
