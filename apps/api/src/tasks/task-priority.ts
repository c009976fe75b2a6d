import { TASK_PRIORITIES, type TaskPriority } from './task-schemas.ts'

// Stored as its place in TASK_PRIORITIES (0 none … 3 high; the column's check constraint allows exactly these), so
// that ordering by the column orders by importance. The words are the api's; the numbers never leave the server.

export function priorityRank(priority: TaskPriority): number {
  return TASK_PRIORITIES.indexOf(priority)
}

export function priorityOf(rank: number): TaskPriority {
  const priority = TASK_PRIORITIES[rank]
  if (priority === undefined) throw new Error(`no priority has rank ${rank}`)
  return priority
}
