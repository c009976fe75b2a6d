import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query'
import type { TaskFilter } from '@tasklane/api/contract'
import type { TasksClient } from './tasks-client'

export const TASK_FILTERS = ['all', 'pending', 'completed'] as const satisfies readonly TaskFilter[]

/**
 * Query and mutation keys. Everything of one user's tasks starts with `['tasks', userId]`, so one prefix cancels,
 * invalidates or counts it all: each filter's pages, the counts, and the changes on their way.
 */
export const taskKeys = {
  all: (userId: string) => ['tasks', userId] as const,
  list: (userId: string, filter: TaskFilter) => ['tasks', userId, filter] as const,
  counts: (userId: string) => ['tasks', userId, 'counts'] as const,
  create: (userId: string) => ['tasks', userId, 'create'] as const,
  change: (userId: string) => ['tasks', userId, 'change'] as const,
  delete: (userId: string) => ['tasks', userId, 'delete'] as const,
  completeAll: (userId: string) => ['tasks', userId, 'complete-all'] as const,
  clearCompleted: (userId: string) => ['tasks', userId, 'clear-completed'] as const,
}

/** One filter's tasks, a page at a time: "Load more" asks for the page after the last one's `next_cursor`. */
export function taskListQuery(client: TasksClient, userId: string, filter: TaskFilter) {
  return infiniteQueryOptions({
    queryKey: taskKeys.list(userId, filter),
    queryFn: ({ pageParam, signal }) => client.list(filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor,
  })
}

export function taskCountsQuery(client: TasksClient, userId: string) {
  return queryOptions({
    queryKey: taskKeys.counts(userId),
    queryFn: ({ signal }) => client.counts(signal),
  })
}
