/**
 * The arithmetic of the user's own order (`sort=position`, ascending = top first). A position is a double; the order is
 * (position, id), so two tasks on the same position still have one order. The repository does the reading and writing
 * (task-repository.ts); this file only decides numbers.
 */

/** How far apart a new task is put from the first one, a task moved to an end from the last one there, and renumbered tasks. */
export const POSITION_STEP = 1

/** A task's place in the order: its position, and its id for tasks on the same position. */
export interface Placed {
  id: string
  position: number
}

/**
 * A position strictly between `above` and `below` (undefined: no task on that side): the midpoint, or one step past
 * the only neighbour, or 0 in an empty list. Undefined when there is no double strictly between them, as happens
 * after many moves into the same gap (each halves it) or when both sit on the same position: the caller renumbers.
 */
export function positionBetween(above: number | undefined, below: number | undefined): number | undefined {
  const position =
    above === undefined ? (below === undefined ? 0 : below - POSITION_STEP) : below === undefined ? above + POSITION_STEP : above + (below - above) / 2
  const roomAbove = above === undefined || position > above
  const roomBelow = below === undefined || position < below
  return Number.isFinite(position) && roomAbove && roomBelow ? position : undefined
}

/** Whether `a` comes before `b` in the order: by position, then by id (PostgreSQL orders uuids as their lower-case text). */
export function comesBefore(a: Placed, b: Placed): boolean {
  return a.position < b.position || (a.position === b.position && a.id < b.id)
}

/** Whether `task` already sits between `above` and `below`, two tasks next to each other once it is left out. */
export function liesBetween(task: Placed, above: Placed | undefined, below: Placed | undefined): boolean {
  return (above === undefined || comesBefore(above, task)) && (below === undefined || comesBefore(task, below))
}
