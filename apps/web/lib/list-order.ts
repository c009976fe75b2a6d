import type { TaskLists } from '@tasklane/api/contract'
import { INBOX_CHOICE, type ListChoice } from './task-filter-url'
import type { Neighbours } from './task-order'

/**
 * The lists overview with list `id` moved next to `neighbours`: below `before_id` when it is there, else above
 * `after_id`, else at the top, as the api places it (lists/list-routes.ts). Unknown `id`: the overview as it is.
 */
export function moveListInOverview(overview: TaskLists, id: string, neighbours: Neighbours): TaskLists {
  const moved = overview.lists.find((list) => list.id === id)
  if (!moved) return overview
  const rest = overview.lists.filter((list) => list.id !== id)
  const below = neighbours.before_id === null ? -1 : rest.findIndex((list) => list.id === neighbours.before_id)
  const above = neighbours.after_id === null ? -1 : rest.findIndex((list) => list.id === neighbours.after_id)
  const at = below !== -1 ? below + 1 : above !== -1 ? above : 0
  return { ...overview, lists: [...rest.slice(0, at), moved, ...rest.slice(at)] }
}

/** The neighbours list `id` has now, to put it back where it was should its move fail. */
export function neighboursOfList(overview: TaskLists, id: string): Neighbours {
  const at = overview.lists.findIndex((list) => list.id === id)
  return { before_id: overview.lists[at - 1]?.id ?? null, after_id: overview.lists[at + 1]?.id ?? null }
}

/** How many tasks are still to do in all the lists and the Inbox: the "All tasks" entry's count. */
export function pendingOfAll(overview: TaskLists): number {
  return overview.lists.reduce((sum, list) => sum + list.counts.pending, overview.inbox.counts.pending)
}

/** What the choice is called: "All tasks", "Inbox", or the list's name (null: a list the user does not have, or no more). */
export function listChoiceName(overview: TaskLists, choice: ListChoice): string | null {
  if (choice === null) return 'All tasks'
  if (choice === INBOX_CHOICE) return 'Inbox'
  return overview.lists.find((list) => list.id === choice)?.name ?? null
}

/** The list a new task typed while viewing `choice` goes in: that list's id, or null (the Inbox) for All tasks and the Inbox. */
export function listIdForNewTask(choice: ListChoice): string | null {
  return choice === null || choice === INBOX_CHOICE ? null : choice
}
