import type { ListTasksQuery, TaskOrder, TaskSort } from './task-schemas.ts'

/** A list query with its order settled: what the repository sorts by, and what a cursor belongs to. */
export interface TaskListing extends ListTasksQuery {
  sort: TaskSort
  order: TaskOrder
}

/**
 * Fills in the order a query left out. Upcoming reads as a schedule, soonest first (`due_on`, `asc`); every other
 * view keeps the api's first default, newest first (`created_at`, `desc`). Each part defaults on its own, so
 * `view=upcoming&sort=title` is A to Z. The user's own order reads from the top: `sort=position` is `asc` in any view.
 */
export function toTaskListing(query: ListTasksQuery): TaskListing {
  const upcoming = query.view === 'upcoming'
  const sort = query.sort ?? (upcoming ? 'due_on' : 'created_at')
  return { ...query, sort, order: query.order ?? (upcoming || sort === 'position' ? 'asc' : 'desc') }
}
