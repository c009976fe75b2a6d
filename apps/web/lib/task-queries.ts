import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query'
import type { TaskFilter, TaskView } from '@tasklane/api/contract'
import type { ListsClient } from './lists-client'
import { type DashboardList, searchOf } from './task-filter-url'
import type { TaskListShape } from './task-pages'
import type { TasksClient } from './tasks-client'

export const TASK_FILTERS = ['all', 'pending', 'completed'] as const satisfies readonly TaskFilter[]
export const DATE_VIEWS = ['today', 'upcoming', 'overdue'] as const satisfies readonly TaskView[]

/**
 * The list a dashboard list is on the user's day `today`: a date view compares due days with it, so its list is
 * another list on another day; `all` and `no_date` do not depend on the day, and stay one cached list. The search is
 * what the box's text searches for, so spacing alone never makes another list.
 */
export function listShapeFor(list: DashboardList, today: string | null): TaskListShape {
  const needsToday = (DATE_VIEWS as readonly TaskView[]).includes(list.view)
  return { status: list.status, view: list.view, sort: list.sort, q: searchOf(list.q), today: needsToday ? today : null, list: list.list }
}

/**
 * Query and mutation keys. Everything of one user's tasks starts with `['tasks', userId]`, so one prefix cancels,
 * invalidates or counts it all: each list's pages, the counts, and the changes on their way. Every cached list's key
 * holds its shape (`lists` is their prefix), so a change can be placed in each by its own filter, view and order.
 */
export const taskKeys = {
  all: (userId: string) => ['tasks', userId] as const,
  lists: (userId: string) => ['tasks', userId, 'list'] as const,
  list: (userId: string, shape: TaskListShape) => ['tasks', userId, 'list', shape] as const,
  /**
   * Counts on the user's day `today` (null: without the date views' counts), of the tasks search `q` finds ('' all) in
   * list `list` (null: every task).
   */
  counts: (userId: string, today: string | null, q: string, list: string | null) => ['tasks', userId, 'counts', today, q, list] as const,
  allCounts: (userId: string) => ['tasks', userId, 'counts'] as const,
  create: (userId: string) => ['tasks', userId, 'create'] as const,
  change: (userId: string) => ['tasks', userId, 'change'] as const,
  delete: (userId: string) => ['tasks', userId, 'delete'] as const,
  completeAll: (userId: string) => ['tasks', userId, 'complete-all'] as const,
  clearCompleted: (userId: string) => ['tasks', userId, 'clear-completed'] as const,
  move: (userId: string) => ['tasks', userId, 'move'] as const,
}

/**
 * The user's lists (the Inbox's counts and every list's name and counts: `GET /api/{userId}/lists`). Apart from
 * `taskKeys`: `taskKeys.lists` are listings of tasks. Every task change can change a list's counts, so the live
 * updates invalidate both prefixes.
 */
export const listKeys = {
  all: (userId: string) => ['lists', userId] as const,
  overview: (userId: string) => ['lists', userId, 'overview'] as const,
}

export function listsOverviewQuery(client: ListsClient, userId: string) {
  return queryOptions({
    queryKey: listKeys.overview(userId),
    queryFn: ({ signal }) => client.overview(signal),
  })
}

/** One list's tasks, a page at a time: "Load more" asks for the page after the last one's `next_cursor`. */
export function taskListQuery(client: TasksClient, userId: string, shape: TaskListShape) {
  return infiniteQueryOptions({
    queryKey: taskKeys.list(userId, shape),
    queryFn: ({ pageParam, signal }) => client.list(shape, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor,
  })
}

export function taskCountsQuery(client: TasksClient, userId: string, today: string | null, q: string, list: string | null) {
  return queryOptions({
    queryKey: taskKeys.counts(userId, today, q, list),
    queryFn: ({ signal }) => client.counts(today, q, list, signal),
  })
}
