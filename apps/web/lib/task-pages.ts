import type { Task, TaskCounts, TaskFilter } from '@tasklane/api/contract'

/** Pure list bookkeeping for the dashboard's optimistic updates; the component only wires it to events. */

export function matchesFilter(task: Pick<Task, 'completed'>, filter: TaskFilter): boolean {
  return filter === 'all' || (filter === 'completed') === task.completed
}

/** Counts after `before` became `after` (null: created or deleted). */
export function adjustCounts(counts: TaskCounts, before: Pick<Task, 'completed'> | null, after: Pick<Task, 'completed'> | null): TaskCounts {
  const next = { ...counts }
  for (const [task, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    if (!task) continue
    next.all += sign
    if (task.completed) next.completed += sign
    else next.pending += sign
  }
  return next
}

/** Replaces the task with the same id, or drops it when it no longer belongs in the current filter. */
export function replaceTask(tasks: Task[], task: Task, filter: TaskFilter, previousId = task.id): Task[] {
  if (!matchesFilter(task, filter)) return tasks.filter((item) => item.id !== previousId)
  return tasks.map((item) => (item.id === previousId ? task : item))
}

/** Puts a task back where it was (undo, or a refused delete). */
export function restoreTask(tasks: Task[], task: Task, index: number): Task[] {
  if (tasks.some((item) => item.id === task.id)) return tasks
  const copy = [...tasks]
  copy.splice(Math.min(index, copy.length), 0, task)
  return copy
}

/** Appends a page, skipping any task already shown (an optimistic insert that the server also returns). */
export function appendPage(tasks: Task[], page: Task[]): Task[] {
  const seen = new Set(tasks.map((task) => task.id))
  return [...tasks, ...page.filter((task) => !seen.has(task.id))]
}
