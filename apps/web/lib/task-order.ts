import type { TaskPages } from './task-pages'

/** Where a task goes in the user's own order: the tasks to be directly above and below it (null: none on that side). */
export interface Neighbours {
  before_id: string | null
  after_id: string | null
}

/**
 * The neighbours a task gets when the one at `from` in `ids` (the order shown) is put at `to`, as the list then shows
 * it; null when it stays where it is or either index is outside the list. The api places it below `before_id` when
 * there is one, so the task lands under the one the user sees above it even where the list shows only some tasks.
 */
export function neighboursOfMove(ids: readonly string[], from: number, to: number): Neighbours | null {
  if (from === to || from < 0 || to < 0 || from >= ids.length || to >= ids.length) return null
  const rest = ids.filter((_, index) => index !== from)
  return { before_id: rest[to - 1] ?? null, after_id: rest[to] ?? null }
}

/**
 * A list in the user's own order with task `id` moved next to `neighbours`: below `before_id` if the list has it, else
 * above `after_id`, as the api places it. A list with neither (another filter or search) is left as it is for its
 * refetch to put right, as is a list that does not have the task.
 */
export function moveInPages(pages: TaskPages, id: string, neighbours: Neighbours): TaskPages {
  const moved = pages.pages.flatMap((page) => page.tasks).find((task) => task.id === id)
  if (!moved) return pages
  const without = pages.pages.map((page) => page.tasks.filter((task) => task.id !== id))
  const find = (anchor: string | null) => (anchor === null ? -1 : without.findIndex((tasks) => tasks.some((task) => task.id === anchor)))
  const [belowPage, abovePage] = [find(neighbours.before_id), find(neighbours.after_id)]
  let target: { page: number; index: number }
  if (belowPage !== -1) target = { page: belowPage, index: (without[belowPage] ?? []).findIndex((task) => task.id === neighbours.before_id) + 1 }
  else if (abovePage !== -1) target = { page: abovePage, index: (without[abovePage] ?? []).findIndex((task) => task.id === neighbours.after_id) }
  else if (neighbours.before_id === null && neighbours.after_id === null) target = { page: 0, index: 0 }
  else return pages
  return {
    ...pages,
    pages: pages.pages.map((page, index) => {
      const tasks = without[index] ?? []
      if (index === target.page) tasks.splice(target.index, 0, moved)
      return tasks.length === page.tasks.length && tasks.every((task, at) => task === page.tasks[at]) ? page : { ...page, tasks }
    }),
  }
}
