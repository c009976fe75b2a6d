import type { InfiniteData } from '@tanstack/react-query'
import type { Task, TaskCounts, TaskFilter, TaskPage, TaskPriority, TaskView } from '@tasklane/api/contract'
import { matchesSearch } from './search-match'
import type { DashboardSort } from './task-filter-url'

/** One list as the query cache holds it: the pages loaded so far, each with the cursor of the next. */
export type TaskPages = InfiniteData<TaskPage, string | null>

/**
 * Which list a cached list is: its filter, date view, order and search, and the user's day the view was asked for
 * (null for `all` and `no_date`, which do not depend on it).
 */
export interface TaskListShape {
  status: TaskFilter
  view: TaskView
  sort: DashboardSort
  /** What is searched for ('' none), as `searchOf` reads the box: one list however the text is spaced. */
  q: string
  today: string | null
  /** `inbox`, a list id, or null: every task (`ListChoice`). */
  list: string | null
}

/** Pure bookkeeping for the dashboard's optimistic changes to cached lists and counts. */

/** A bare filter is that filter in the default view and order. */
export function listShapeOf(list: TaskFilter | TaskListShape): TaskListShape {
  return typeof list === 'string' ? { status: list, view: 'all', sort: 'created', q: '', today: null, list: null } : list
}

/** What the bookkeeping reads of a task: its completion and day, and its text for a search (absent: not known). */
type DatedTask = Pick<Task, 'completed'> & { due_on?: string | null; title?: string; description?: string | null; list_id?: string | null }

/** Whether a task is in list `list` (null: every task; `inbox`: in no list), as the api's `list` filter decides it. */
export function inList(task: DatedTask, list: string | null): boolean {
  if (list === null) return true
  const own = task.list_id ?? null
  return list === 'inbox' ? own === null : own === list
}

/** Whether a task is in a date view on `today`, as the api decides it (task-repository.ts `viewCondition`). */
export function inView(task: DatedTask, view: TaskView, today: string | null): boolean {
  const due = task.due_on ?? null
  if (view === 'all') return true
  if (view === 'no_date') return due === null
  if (due === null || task.completed || today === null) return false
  if (view === 'today') return due <= today
  if (view === 'upcoming') return due > today
  return due < today
}

export function matchesFilter(task: DatedTask, list: TaskFilter | TaskListShape): boolean {
  const { status, view, today, q, list: inListOf } = listShapeOf(list)
  return (status === 'all' || (status === 'completed') === task.completed) && inView(task, view, today) && matchesSearch(task, q) && inList(task, inListOf)
}

const DATE_VIEWS = ['today', 'upcoming', 'overdue', 'no_date'] as const

/**
 * Counts after `before` became `after` (null: created or deleted); the date views' counts too when they are there.
 * Counts of a search (`q`) change only by the tasks it finds, and counts of one list (`list`) only by its tasks.
 */
export function adjustCounts(counts: TaskCounts, before: DatedTask | null, after: DatedTask | null, today: string | null = null, q = '', list: string | null = null): TaskCounts {
  const next = { ...counts }
  for (const [task, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    if (!task || !matchesSearch(task, q) || !inList(task, list)) continue
    next.all += sign
    if (task.completed) next.completed += sign
    else next.pending += sign
    for (const view of DATE_VIEWS) {
      const count = next[view]
      if (count !== undefined && inView(task, view, today)) next[view] = count + sign
    }
  }
  return next
}

const PRIORITY_RANK: Readonly<Record<TaskPriority, number>> = { none: 0, low: 1, medium: 2, high: 3 }
// A task without a due day sorts after every day (as the api sorts it); `YYYY-MM-DD` strings sort as days.
const dueKey = (task: Task) => task.due_on ?? '\uffff'

/**
 * Whether `a` comes before `b` in a list in `sort`'s order, as the api orders it (task-repository.ts): newest first,
 * soonest due first, most important first, A to Z; ties by id in the same direction. Titles compare by code point
 * here where the database uses its collation: the refetch after every change puts any difference right.
 */
export function listedBefore(a: Task, b: Task, sort: DashboardSort = 'created'): boolean {
  switch (sort) {
    case 'created':
      return a.created_at === b.created_at ? a.id > b.id : a.created_at > b.created_at
    case 'due':
      return dueKey(a) === dueKey(b) ? a.id < b.id : dueKey(a) < dueKey(b)
    case 'priority': {
      const [rankA, rankB] = [PRIORITY_RANK[a.priority] ?? 0, PRIORITY_RANK[b.priority] ?? 0]
      return rankA === rankB ? a.id > b.id : rankA > rankB
    }
    case 'title':
      return a.title === b.title ? a.id < b.id : a.title < b.title
    // The positions are the api's alone: a task keeps its place, and a new one goes on top, where the api puts it.
    case 'position':
      return false
  }
}

/**
 * The pages with `task` where a list `list` has it: in its place by the list's order, or left out when it does
 * not match. A task that sorts after the last loaded one is left to "Load more".
 */
export function placeTask(pages: TaskPages, task: Task, list: TaskFilter | TaskListShape): TaskPages {
  const shape = listShapeOf(list)
  if (shape.sort === 'position') return placeInOwnOrder(pages, task, shape)
  const rest = removeTask(pages, task.id)
  if (!matchesFilter(task, shape)) return rest
  let placed = false
  const next = rest.pages.map((page, index) => {
    if (placed) return page
    const at = page.tasks.findIndex((item) => listedBefore(task, item, shape.sort))
    const last = index === rest.pages.length - 1
    if (at === -1 && !(last && page.next_cursor === null)) return page
    placed = true
    const tasks = [...page.tasks]
    tasks.splice(at === -1 ? tasks.length : at, 0, task)
    return { ...page, tasks }
  })
  return { ...rest, pages: next }
}

/** In the user's own order a changed task stays in its place; one new to the list goes on top (a new task is created there). */
function placeInOwnOrder(pages: TaskPages, task: Task, shape: TaskListShape): TaskPages {
  if (!matchesFilter(task, shape)) return removeTask(pages, task.id)
  const listed = pages.pages.some((page) => page.tasks.some((item) => item.id === task.id))
  if (listed) return { ...pages, pages: pages.pages.map((page) => ({ ...page, tasks: page.tasks.map((item) => (item.id === task.id ? task : item)) })) }
  return { ...pages, pages: pages.pages.map((page, index) => (index === 0 ? { ...page, tasks: [task, ...page.tasks] } : page)) }
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
 * What "mark all" does for the tasks a list shows: `true` completes them, `false` makes them active again (when every
 * one is completed already), `null` when it shows none. Taken from the counts, so tasks on pages not loaded yet count
 * too; a date view's count does not say how many of it are done, so there the loaded pages (`loaded`) say the rest.
 */
export function markAllTarget(counts: TaskCounts, list: TaskFilter | TaskListShape, loaded?: { pages: readonly TaskPage[] }): boolean | null {
  const { status, view } = listShapeOf(list)
  if (view === 'all') {
    if (counts[status] === 0) return null
    return status !== 'completed' && counts.pending > 0
  }
  const shown = loaded?.pages.flatMap((page) => page.tasks)
  const complete = loaded !== undefined && loaded.pages.at(-1)?.next_cursor === null
  if ((counts[view] ?? 0) === 0 || (complete && shown?.length === 0)) return null
  // Today, upcoming and overdue hold only tasks still to do.
  if (view !== 'no_date') return status === 'completed' ? null : true
  if (status === 'completed') return false
  return !(complete && shown?.every((task) => task.completed))
}

/** The tasks among `tasks` that complete-all for a list changes, as they are before it. */
export function changedByCompleteAll(tasks: readonly Task[], list: TaskFilter | TaskListShape, completed: boolean): Task[] {
  return tasks.filter((task) => matchesFilter(task, list) && task.completed !== completed)
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
