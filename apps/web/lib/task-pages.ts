import type { InfiniteData } from '@tanstack/react-query'
import type { Task, TaskCounts, TaskFilter, TaskPage } from '@tasklane/api/contract'

/** One filter's list as the query cache holds it: the pages loaded so far, each with the cursor of the next. */
export type TaskPages = InfiniteData<TaskPage, string | null>

/** Pure bookkeeping for the dashboard's optimistic changes to cached lists and counts. */

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

// The api's default order, newest first: created_at, then id, both descending (task-repository.ts).
const listedBefore = (a: Task, b: Task) => (a.created_at === b.created_at ? a.id > b.id : a.created_at > b.created_at)

/**
 * The pages with `task` where a list of `filter` has it: in its place by the list's order, or left out when it does
 * not match. A task that sorts after the last loaded one is left to "Load more".
 */
export function placeTask(pages: TaskPages, task: Task, filter: TaskFilter): TaskPages {
  const rest = removeTask(pages, task.id)
  if (!matchesFilter(task, filter)) return rest
  let placed = false
  const next = rest.pages.map((page, index) => {
    if (placed) return page
    const at = page.tasks.findIndex((item) => listedBefore(task, item))
    const last = index === rest.pages.length - 1
    if (at === -1 && !(last && page.next_cursor === null)) return page
    placed = true
    const tasks = [...page.tasks]
    tasks.splice(at === -1 ? tasks.length : at, 0, task)
    return { ...page, tasks }
  })
  return { ...rest, pages: next }
}

export function removeTask(pages: TaskPages, id: string): TaskPages {
  return { ...pages, pages: pages.pages.map((page) => (page.tasks.some((task) => task.id === id) ? { ...page, tasks: page.tasks.filter((task) => task.id !== id) } : page)) }
}

/** Every task in the cached lists, each once: the same task is in several filters' lists. */
export function cachedTasks(lists: ReadonlyArray<TaskPages | undefined>): Task[] {
  const byId = new Map<string, Task>()
  for (const pages of lists) for (const page of pages?.pages ?? []) for (const task of page.tasks) if (!byId.has(task.id)) byId.set(task.id, task)
  return [...byId.values()]
}

/**
 * What "mark all" does for the tasks a list of `filter` shows: `true` completes them, `false` makes them active again
 * (when every one is completed already), `null` when it shows none. Taken from the counts, so tasks on pages not loaded
 * yet count too.
 */
export function markAllTarget(counts: TaskCounts, filter: TaskFilter): boolean | null {
  if (counts[filter] === 0) return null
  return filter !== 'completed' && counts.pending > 0
}

/** The tasks among `tasks` that complete-all with `status` changes, as they are before it. */
export function changedByCompleteAll(tasks: readonly Task[], status: TaskFilter, completed: boolean): Task[] {
  return tasks.filter((task) => matchesFilter(task, status) && task.completed !== completed)
}

/** How many tasks complete-all with `status` moves to completed (negative: back to pending), by the counts. */
export function completionsByCompleteAll(counts: TaskCounts, status: TaskFilter, completed: boolean): number {
  if (completed) return status === 'completed' ? 0 : counts.pending
  return status === 'pending' ? 0 : -counts.completed
}

/** The counts after `moved` tasks became completed (negative: pending again). */
export function moveCompletions(counts: TaskCounts, moved: number): TaskCounts {
  return { ...counts, pending: counts.pending - moved, completed: counts.completed + moved }
}

/** The counts after `cleared` completed tasks are deleted (negative: put back). */
export function clearCompletions(counts: TaskCounts, cleared: number): TaskCounts {
  return { ...counts, all: counts.all - cleared, completed: counts.completed - cleared }
}
