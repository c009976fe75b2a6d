import { taskLists, type TaskListRow } from '@tasklane/db/schema'
import { and, asc, count, desc, eq, inArray, ne, sql } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import { liesBetween, type Placed, POSITION_STEP, positionBetween } from '../tasks/task-position.ts'
import { countTasksByList, type ListTaskCounts, releaseListTasks, type Transaction } from '../tasks/task-repository.ts'
import type { ListDeleteChoice } from './list-schemas.ts'

/** How many tasks a list holds, and how many of them are pending. */
export interface TaskTally {
  all: number
  pending: number
}

export type CountedListRow = TaskListRow & { counts: TaskTally }

export interface ListsOverview {
  inbox: TaskTally
  lists: CountedListRow[]
}

/** A write of a name another list of the owner has (whatever its case), or a list past the owner's limit. */
export type ListRefusal = { refused: 'name_taken' } | { refused: 'limit_reached'; max: number }

/** Where a move puts a list: as a task's move (task-repository.ts), between the lists the client saw. */
export interface ListMove {
  ownerId: string
  listId: string
  beforeId: string | null
  afterId: string | null
}

export interface ListPlacement {
  row: TaskListRow
  aboveId: string | null
  belowId: string | null
  /** False when it already was there: nothing was written. */
  moved: boolean
}

/** What deleting a list did with its tasks. */
export interface ListRemoval {
  movedToInbox: number
  deleted: number
}

/**
 * The only code that touches the task_lists table. Every method takes the owner: another user's list is "not found"
 * (undefined), and nothing is written. The tasks' side of a list (its counts, what its deletion does to its tasks) is
 * task-repository.ts's, run inside these transactions.
 */
export interface ListRepository {
  /** The Inbox's counts and every list in the owner's order with its counts, from one snapshot (two statements). */
  overview(ownerId: string): Promise<ListsOverview>
  findOwned(input: { ownerId: string; listId: string }): Promise<CountedListRow | undefined>
  /** At the bottom of the owner's lists; refused past `maxLists`, or for a name taken. */
  create(input: { ownerId: string; name: string; maxLists: number }): Promise<{ row: TaskListRow } | ListRefusal>
  rename(input: { ownerId: string; listId: string; name: string }): Promise<{ row: TaskListRow } | ListRefusal | undefined>
  /** Undefined when the list or a named neighbour is not the owner's. */
  move(input: ListMove): Promise<ListPlacement | undefined>
  /** Its tasks to the Inbox or deleted, then the list, in one transaction; undefined when it is not the owner's. */
  remove(input: { ownerId: string; listId: string; tasks: ListDeleteChoice }): Promise<ListRemoval | undefined>
}

// Any constant (not the tasks' one): with the owner's hash it names the lock that creates and moves of one owner's lists
// take, so a count against the limit and a move's view of the order are not changed under them.
const OWNER_LISTS_LOCK = 0x6c69_7374

async function lockOwnersLists(tx: Transaction, ownerId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${OWNER_LISTS_LOCK}, hashtext(${ownerId}))`)
}

const UNIQUE_VIOLATION = '23505'
const NAME_KEY = 'task_lists_user_name_idx'

/** Whether a write failed on the owner's unique (case-insensitive) list names; Drizzle wraps the driver's error. */
function isNameTaken(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const { code, constraint } = current as { code?: unknown; constraint?: unknown }
    if (code === UNIQUE_VIOLATION && constraint === NAME_KEY) return true
  }
  return false
}

async function orNameTaken<T>(write: Promise<T>): Promise<T | ListRefusal> {
  try {
    return await write
  } catch (error) {
    if (isNameTaken(error)) return { refused: 'name_taken' }
    throw error
  }
}

const tallyOf = (counted: ListTaskCounts | undefined): TaskTally => ({ all: counted?.all ?? 0, pending: counted?.pending ?? 0 })

// A read of two statements that must agree: the lists and their counts as of one moment.
const SNAPSHOT = { isolationLevel: 'repeatable read', accessMode: 'read only' } as const

export function createListRepository(db: NodePgDatabase): ListRepository {
  const owned = (ownerId: string, listId: string) => and(eq(taskLists.userId, ownerId), eq(taskLists.id, listId))

  return {
    async overview(ownerId) {
      return db.transaction(async (tx) => {
        const lists = await tx.select().from(taskLists).where(eq(taskLists.userId, ownerId)).orderBy(asc(taskLists.position), asc(taskLists.id))
        const counted = new Map((await countTasksByList(tx, ownerId)).map((row) => [row.listId, row]))
        return { inbox: tallyOf(counted.get(null)), lists: lists.map((list) => ({ ...list, counts: tallyOf(counted.get(list.id)) })) }
      }, SNAPSHOT)
    },

    async findOwned({ ownerId, listId }) {
      return db.transaction(async (tx) => {
        const [list] = await tx.select().from(taskLists).where(owned(ownerId, listId))
        if (!list) return undefined
        const [counted] = await countTasksByList(tx, ownerId, listId)
        return { ...list, counts: tallyOf(counted) }
      }, SNAPSHOT)
    },

    async create({ ownerId, name, maxLists }) {
      return orNameTaken(
        db.transaction(async (tx): Promise<{ row: TaskListRow } | ListRefusal> => {
          await lockOwnersLists(tx, ownerId)
          const [had] = await tx.select({ lists: count() }).from(taskLists).where(eq(taskLists.userId, ownerId))
          if ((had?.lists ?? 0) >= maxLists) return { refused: 'limit_reached', max: maxLists }
          const atBottom = sql`(select coalesce(max(${taskLists.position}), ${-POSITION_STEP}) + ${POSITION_STEP} from ${taskLists} where ${taskLists.userId} = ${ownerId})`
          const [row] = await tx.insert(taskLists).values({ userId: ownerId, name, position: atBottom }).returning()
          if (!row) throw new Error('insert returned no row')
          return { row }
        }),
      )
    },

    async rename({ ownerId, listId, name }) {
      return orNameTaken(
        (async () => {
          const [row] = await db.update(taskLists).set({ name, updatedAt: sql`now()` }).where(owned(ownerId, listId)).returning()
          return row && { row }
        })(),
      )
    },

    async move({ ownerId, listId, beforeId, afterId }) {
      return db.transaction(async (tx) => {
        await lockOwnersLists(tx, ownerId)
        const named = await tx
          .select({ id: taskLists.id, position: taskLists.position })
          .from(taskLists)
          .where(and(eq(taskLists.userId, ownerId), inArray(taskLists.id, [listId, ...[beforeId, afterId].filter((id) => id !== null)])))
        const byId = new Map(named.map((list) => [list.id, list]))
        const moving = byId.get(listId)
        const before = beforeId === null ? undefined : byId.get(beforeId)
        const after = afterId === null ? undefined : byId.get(afterId)
        if (!moving || (beforeId !== null && !before) || (afterId !== null && !after)) return undefined

        // As a task's move: below `before` when named, else above `after`, else at the top; the other side is what is there now.
        const gap = before
          ? { above: before, below: await neighbour(tx, ownerId, listId, before, 'below') }
          : { above: after ? await neighbour(tx, ownerId, listId, after, 'above') : undefined, below: after ?? (await first(tx, ownerId, listId)) }
        const placement = (row: TaskListRow | undefined, moved: boolean) => row && { row, aboveId: gap.above?.id ?? null, belowId: gap.below?.id ?? null, moved }
        if (liesBetween(moving, gap.above, gap.below)) {
          const [row] = await tx.select().from(taskLists).where(owned(ownerId, listId))
          return placement(row, false)
        }
        let position = positionBetween(gap.above?.position, gap.below?.position)
        if (position === undefined) {
          await renumber(tx, ownerId)
          const ids = [gap.above?.id, gap.below?.id].filter((id) => id !== undefined)
          const renumbered = new Map(
            (await tx.select({ id: taskLists.id, position: taskLists.position }).from(taskLists).where(and(eq(taskLists.userId, ownerId), inArray(taskLists.id, ids)))).map(
              (list) => [list.id, list.position],
            ),
          )
          position = positionBetween(gap.above && renumbered.get(gap.above.id), gap.below && renumbered.get(gap.below.id))
          if (position === undefined) throw new Error('no room between two neighbours even after renumbering')
        }
        // A move is not a rename: updated_at stays.
        const [row] = await tx.update(taskLists).set({ position }).where(owned(ownerId, listId)).returning()
        return placement(row, true)
      })
    },

    async remove({ ownerId, listId, tasks }) {
      return db.transaction(async (tx) => {
        // The row locked first: a task written into this list meanwhile waits for the deletion, then finds no list
        // (404 for it); one written before is committed, and the statement below sees it.
        const [list] = await tx.select({ id: taskLists.id }).from(taskLists).where(owned(ownerId, listId)).for('update')
        if (!list) return undefined
        const released = await releaseListTasks(tx, ownerId, listId, tasks)
        await tx.delete(taskLists).where(owned(ownerId, listId))
        return tasks === 'inbox' ? { movedToInbox: released, deleted: 0 } : { movedToInbox: 0, deleted: released }
      })
    },
  }
}

/** The list next to `from` in the owner's order, on one side, leaving `skipId` (the list being moved) out. */
async function neighbour(tx: Transaction, ownerId: string, skipId: string, from: Placed, side: 'above' | 'below'): Promise<Placed | undefined> {
  const key = sql`(${taskLists.position}, ${taskLists.id})`
  const mark = sql`(${from.position}::float8, ${from.id}::uuid)`
  const direction = side === 'below' ? asc : desc
  const [row] = await tx
    .select({ id: taskLists.id, position: taskLists.position })
    .from(taskLists)
    .where(and(eq(taskLists.userId, ownerId), ne(taskLists.id, skipId), side === 'below' ? sql`${key} > ${mark}` : sql`${key} < ${mark}`))
    .orderBy(direction(taskLists.position), direction(taskLists.id))
    .limit(1)
  return row
}

/** The owner's first list, leaving `skipId` out. */
async function first(tx: Transaction, ownerId: string, skipId: string): Promise<Placed | undefined> {
  const [row] = await tx
    .select({ id: taskLists.id, position: taskLists.position })
    .from(taskLists)
    .where(and(eq(taskLists.userId, ownerId), ne(taskLists.id, skipId)))
    .orderBy(asc(taskLists.position), asc(taskLists.id))
    .limit(1)
  return row
}

/** The owner's lists a step apart, in the order they have, from the first one's position; under the owner's lock. */
async function renumber(tx: Transaction, ownerId: string): Promise<void> {
  await tx.execute(sql`
    update ${taskLists} set position = renumbered.position
    from (
      select id, min(position) over () + (row_number() over (order by position, id) - 1) * ${POSITION_STEP}::float8 as position
      from ${taskLists} where user_id = ${ownerId}
    ) as renumbered
    where ${taskLists.id} = renumbered.id and ${taskLists.userId} = ${ownerId} and ${taskLists.position} is distinct from renumbered.position`)
}
