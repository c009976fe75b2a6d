import { TASK_SEARCH_CONFIG, tasks, type TaskRow } from '@tasklane/db/schema'
import { and, asc, desc, eq, getTableColumns, gt, inArray, isNull, lt, lte, ne, not, sql, type SQL } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import type { TaskCursor } from './task-cursor.ts'
import { liesBetween, type Placed, POSITION_STEP, positionBetween } from './task-position.ts'
import { priorityRank } from './task-priority.ts'
import { INBOX, type TaskCounts, type TaskListChoice, type TaskListFilter, type TaskOrder, type TaskPriority, type TaskSort, type TaskView } from './task-schemas.ts'
import { searchTermsOf, toPrefixTsquery } from './task-search.ts'

export interface ListOptions extends TaskListFilter {
  ownerId: string
  sort: TaskSort
  order: TaskOrder
  limit: number
  after: TaskCursor | undefined
}

/** What a write sets; a field left out (undefined) keeps its stored value. */
export interface TaskChanges {
  title?: string | undefined
  description?: string | null | undefined
  completed?: boolean | undefined
  /** `YYYY-MM-DD`, or null for no due date. */
  dueOn?: string | null | undefined
  priority?: TaskPriority | undefined
  /** A list of the owner's, or null for the Inbox. */
  listId?: string | null | undefined
}

export interface NewTask {
  ownerId: string
  title: string
  description: string | null
  dueOn?: string | null | undefined
  priority?: TaskPriority | undefined
  listId?: string | null | undefined
}

/** What the counts are of: with a search, the tasks it finds; with a list, that list's tasks. */
export interface CountOptions {
  today?: string | undefined
  q?: string | undefined
  list?: TaskListChoice
}

/** Where a move puts a task: between the tasks the client saw around the place it was dropped (null: none). */
export interface TaskMove {
  ownerId: string
  taskId: string
  /** Directly below this task, when given. */
  beforeId: string | null
  /** Else directly above this one; neither: at the top. */
  afterId: string | null
}

/** A task after a move, and the tasks now directly above and below it in the owner's whole order (null: none). */
export interface TaskPlacement {
  row: TaskRow
  aboveId: string | null
  belowId: string | null
  /** False when it already was there: nothing was written. */
  moved: boolean
}

/**
 * The only code that touches the tasks table. Every method takes the owner: another user's task is "not found". A
 * write that names a list which is not the owner's is refused by the database's (user_id, list_id) key, and rejects
 * with an error `isUnknownListError` (lists/unknown-list-error.ts) recognises; nothing is written.
 */
export interface TaskRepository {
  list(options: ListOptions): Promise<TaskRow[]>
  /** With `today`, also each date view's count; with a search (`q`), of the tasks it finds; all in one statement. */
  counts(ownerId: string, options?: CountOptions): Promise<TaskCounts>
  create(input: NewTask): Promise<TaskRow>
  findOwned(input: { ownerId: string; taskId: string }): Promise<TaskRow | undefined>
  update(input: { ownerId: string; taskId: string; changes: TaskChanges }): Promise<TaskRow | undefined>
  /** `completed` undefined toggles. */
  setCompleted(input: { ownerId: string; taskId: string; completed: boolean | undefined }): Promise<TaskRow | undefined>
  remove(input: { ownerId: string; taskId: string }): Promise<boolean>
  /** Sets `completed` on every task of the owner the filter matches, in one statement; how many rows changed. */
  setCompletedMatching(input: { ownerId: string; filter: TaskListFilter; completed: boolean }): Promise<number>
  /** Deletes every completed task of the owner, in one statement; how many. */
  removeCompleted(ownerId: string): Promise<number>
  /** Puts a task in a new place of the owner's order; undefined when the task or a named neighbour is not the owner's. */
  move(input: TaskMove): Promise<TaskPlacement | undefined>
}

/** Every column but `search`: the lexemes are for `@@` in SQL, and would only weigh on every answer. */
const { search: _search, ...taskColumns } = getTableColumns(tasks)

/**
 * Tasks whose title or description holds every term of `q`, each as a word or the start of one (task-search.ts); none
 * when `q` has nothing to search for. The configuration is the column's own, written as a constant so the planner sees
 * the query's lexemes and can estimate from the column's statistics whether to read the search index or walk the sort's.
 */
function searchCondition(q: string | undefined): SQL | undefined {
  const terms = searchTermsOf(q)
  if (terms.length === 0) return undefined
  return sql`${tasks.search} @@ to_tsquery(${sql.raw(`'${TASK_SEARCH_CONFIG}'::regconfig`)}, ${toPrefixTsquery(terms)})`
}

/** An open transaction: the list repository runs the tasks' part of its writes (below) inside its own. */
export type Transaction = Parameters<Parameters<NodePgDatabase['transaction']>[0]>[0]

// Any constant: with the owner's hash it names the lock that writes over many of one owner's tasks take (below).
const OWNER_TASKS_LOCK = 0x7461_736b

/**
 * Waits for, and holds until commit, the owner's lock. Moves take it, so they happen one after the other and each sees
 * the order the previous one left; so do the statements that change many of the owner's rows at once ("mark all",
 * "clear completed"): a renumbering locks every row of the owner, and two such statements locking rows in different
 * orders could deadlock. A write of one row, or a create, needs no part of it.
 */
async function lockOwnersTasks(tx: Transaction, ownerId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${OWNER_TASKS_LOCK}, hashtext(${ownerId}))`)
}

/**
 * The tasks a date view shows, for the client's `today` (a `YYYY-MM-DD` compared as a PostgreSQL date, so the
 * server's time zone never enters); undefined for `all`. Shared by the list, "mark all" and the counts.
 */
/** The tasks of one list (`inbox`: of none); undefined for every list. Shared like the view. */
function listCondition(list: TaskListChoice): SQL | undefined {
  if (list === undefined) return undefined
  return list === INBOX ? isNull(tasks.listId) : eq(tasks.listId, list)
}

function viewCondition(view: TaskView, today: string | undefined): SQL | undefined {
  if (view === 'all') return undefined
  if (view === 'no_date') return isNull(tasks.dueOn)
  // The schemas require `today` for these views; reaching here without it is a bug, not a request to answer.
  if (today === undefined) throw new Error(`view=${view} needs today`)
  const due = { today: lte(tasks.dueOn, today), upcoming: gt(tasks.dueOn, today), overdue: lt(tasks.dueOn, today) }[view]
  return and(due, eq(tasks.completed, false))
}

// A task without a due day sorts last in both orders: going up it is +infinity, going down -infinity. Each order's
// key is exactly the expression of its index (tasks_user_due_asc_idx, tasks_user_due_desc_idx), so the planner can
// read that index in order, and a cursor on a task without a day is an ordinary position in it.
const NO_DUE_DAY = { asc: sql`'infinity'::date`, desc: sql`'-infinity'::date` } as const
const dueKey = (order: TaskOrder) => sql`coalesce(${tasks.dueOn}, ${NO_DUE_DAY[order]})`

function sortKey(sort: TaskSort, order: TaskOrder): SQL {
  switch (sort) {
    case 'created_at':
      return sql`${tasks.createdAt}`
    case 'updated_at':
      return sql`${tasks.updatedAt}`
    case 'title':
      return sql`${tasks.title}`
    case 'priority':
      return sql`${tasks.priority}`
    case 'due_on':
      return dueKey(order)
    case 'position':
      return sql`${tasks.position}`
  }
}

/** A cursor's value as SQL of its sort key's type (task-cursor.ts has checked that it is one). */
function cursorKey(sort: TaskSort, order: TaskOrder, value: string | null): SQL {
  if (sort === 'due_on') return value === null ? NO_DUE_DAY[order] : sql`${value}::date`
  if (value === null) throw new Error(`a ${sort} cursor has no value`)
  switch (sort) {
    case 'created_at':
    case 'updated_at':
      return sql`${value}::timestamptz`
    case 'title':
      return sql`${value}`
    case 'priority':
      return sql`${priorityRank(value as TaskPriority)}::smallint`
    case 'position':
      return sql`${value}::float8`
  }
}

/**
 * The date views again, as a range of the due-day sort key: implied by `viewCondition`, so they change no result, but
 * written on the key they become bounds of the index scan instead of a filter over every earlier row.
 */
function dueKeyRange(view: TaskView, today: string | undefined, order: TaskOrder): SQL | undefined {
  const key = dueKey(order)
  if (view === 'no_date') return sql`${key} = ${NO_DUE_DAY[order]}`
  if (view === 'all' || today === undefined) return undefined
  const day = sql`${today}::date`
  return { today: sql`${key} <= ${day}`, upcoming: sql`${key} > ${day}`, overdue: sql`${key} < ${day}` }[view]
}

export function createTaskRepository(db: NodePgDatabase): TaskRepository {
  const owned = (ownerId: string, taskId: string) => and(eq(tasks.userId, ownerId), eq(tasks.id, taskId))
  /** The owner's tasks a filter matches: what a listing shows and a bulk action changes, from the one definition. */
  const matching = (ownerId: string, { status, view, today, q, list }: TaskListFilter): SQL[] => {
    const conditions: SQL[] = [eq(tasks.userId, ownerId)]
    const inList = listCondition(list)
    if (inList) conditions.push(inList)
    if (status !== 'all') conditions.push(eq(tasks.completed, status === 'completed'))
    const inView = viewCondition(view, today)
    if (inView) conditions.push(inView)
    const found = searchCondition(q)
    if (found) conditions.push(found)
    return conditions
  }

  return {
    async list({ ownerId, sort, order, limit, after, ...filter }) {
      const key = sortKey(sort, order)
      const conditions = matching(ownerId, filter)
      if (sort === 'due_on') {
        const range = dueKeyRange(filter.view, filter.today, order)
        if (range) conditions.push(range)
      }
      if (after) {
        // Keyset: a row comparison on (sort key, id) walks the (user_id, key, id) index, stable under inserts.
        const value = cursorKey(sort, order, after.value)
        conditions.push(order === 'asc' ? sql`(${key}, ${tasks.id}) > (${value}, ${after.id}::uuid)` : sql`(${key}, ${tasks.id}) < (${value}, ${after.id}::uuid)`)
      }
      const direction = order === 'asc' ? asc : desc
      return db
        .select(taskColumns)
        .from(tasks)
        .where(and(...conditions))
        .orderBy(direction(key), direction(tasks.id))
        .limit(limit)
    },

    async counts(ownerId, { today, q, list } = {}) {
      const countOf = (condition: SQL | undefined) => sql<number>`(count(*) filter (where ${condition}))::int`
      const [row] = await db
        .select({
          all: sql<number>`count(*)::int`,
          completed: countOf(sql`${tasks.completed}`),
          ...(today === undefined
            ? {}
            : {
                today: countOf(viewCondition('today', today)),
                upcoming: countOf(viewCondition('upcoming', today)),
                overdue: countOf(viewCondition('overdue', today)),
                no_date: countOf(viewCondition('no_date', today)),
              }),
        })
        .from(tasks)
        .where(and(eq(tasks.userId, ownerId), listCondition(list), searchCondition(q)))
      const { all = 0, completed = 0, ...views } = row ?? {}
      return { all, pending: all - completed, completed, ...views }
    },

    async create({ ownerId, title, description, dueOn, priority, listId }) {
      // On top of the owner's order: a step above the first task, read by the insert itself (one index probe). No lock:
      // two creates at once may share a position (their ids order them), and a renumbering keeps the first position as
      // it is, so a create that read it before never lands below a task (see renumber).
      const onTop = sql`(select coalesce(min(${tasks.position}), ${POSITION_STEP}) - ${POSITION_STEP} from ${tasks} where ${tasks.userId} = ${ownerId})`
      const [row] = await db
        .insert(tasks)
        .values({ userId: ownerId, title, description, dueOn, listId, priority: priority === undefined ? undefined : priorityRank(priority), position: onTop })
        .returning(taskColumns)
      if (!row) throw new Error('insert returned no row')
      return row
    },

    async findOwned({ ownerId, taskId }) {
      const [row] = await db.select(taskColumns).from(tasks).where(owned(ownerId, taskId))
      return row
    },

    async update({ ownerId, taskId, changes: { priority, ...changes } }) {
      // Drizzle leaves a field that is undefined out of the SET: what a write does not name, it keeps.
      const [row] = await db
        .update(tasks)
        .set({ ...changes, priority: priority === undefined ? undefined : priorityRank(priority), updatedAt: sql`now()` })
        .where(owned(ownerId, taskId))
        .returning(taskColumns)
      return row
    },

    async setCompleted({ ownerId, taskId, completed }) {
      const [row] = await db
        .update(tasks)
        .set({ completed: completed ?? not(tasks.completed), updatedAt: sql`now()` })
        .where(owned(ownerId, taskId))
        .returning(taskColumns)
      return row
    },

    async remove({ ownerId, taskId }) {
      const deleted = await db.delete(tasks).where(owned(ownerId, taskId)).returning({ id: tasks.id })
      return deleted.length > 0
    },

    async setCompletedMatching({ ownerId, filter, completed }) {
      // One UPDATE, so it is all or nothing. Rows already in that state are not touched: their updated_at stays, and
      // a repeated request changes nothing. Under READ COMMITTED a row changed meanwhile is checked again once locked,
      // so the count is of rows this statement really changed.
      const result = await db.transaction(async (tx) => {
        await lockOwnersTasks(tx, ownerId)
        return tx
          .update(tasks)
          .set({ completed, updatedAt: sql`now()` })
          .where(and(...matching(ownerId, filter), ne(tasks.completed, completed)))
      })
      return result.rowCount ?? 0
    },

    async removeCompleted(ownerId) {
      const result = await db.transaction(async (tx) => {
        await lockOwnersTasks(tx, ownerId)
        return tx.delete(tasks).where(and(eq(tasks.userId, ownerId), eq(tasks.completed, true)))
      })
      return result.rowCount ?? 0
    },

    async move({ ownerId, taskId, beforeId, afterId }) {
      return db.transaction(async (tx) => {
        await lockOwnersTasks(tx, ownerId)
        const named = await tx
          .select({ id: tasks.id, position: tasks.position })
          .from(tasks)
          .where(and(eq(tasks.userId, ownerId), inArray(tasks.id, [taskId, ...[beforeId, afterId].filter((id) => id !== null)])))
        const byId = new Map(named.map((task) => [task.id, task]))
        const moving = byId.get(taskId)
        const before = beforeId === null ? undefined : byId.get(beforeId)
        const after = afterId === null ? undefined : byId.get(afterId)
        if (!moving || (beforeId !== null && !before) || (afterId !== null && !after)) return undefined

        // The gap it goes into: below `before` when named, else above `after`, else at the top. The other side is
        // whatever is there now (the task itself left out), so a move made from an outdated list still lands next to
        // the task named first; the other one named is only checked to be the owner's.
        const gap = before
          ? { above: before, below: await neighbour(tx, ownerId, taskId, before, 'below') }
          : { above: after ? await neighbour(tx, ownerId, taskId, after, 'above') : undefined, below: after ?? (await first(tx, ownerId, taskId)) }
        if (liesBetween(moving, gap.above, gap.below)) {
          const [row] = await tx.select(taskColumns).from(tasks).where(owned(ownerId, taskId))
          return row && { row, aboveId: gap.above?.id ?? null, belowId: gap.below?.id ?? null, moved: false }
        }
        let position = positionBetween(gap.above?.position, gap.below?.position)
        if (position === undefined) {
          // No double left between the two: renumber the owner's tasks, in the same order, and take the gap again.
          await renumber(tx, ownerId)
          const renumbered = new Map(
            (await tx.select({ id: tasks.id, position: tasks.position }).from(tasks).where(and(eq(tasks.userId, ownerId), inArray(tasks.id, [gap.above?.id, gap.below?.id].filter((id) => id !== undefined))))).map(
              (task) => [task.id, task.position],
            ),
          )
          position = positionBetween(gap.above && renumbered.get(gap.above.id), gap.below && renumbered.get(gap.below.id))
          if (position === undefined) throw new Error('no room between two neighbours even after renumbering')
        }
        // A move is not an edit: updated_at stays, as it does for every task a renumbering touches.
        const [row] = await tx.update(tasks).set({ position }).where(owned(ownerId, taskId)).returning(taskColumns)
        return row && { row, aboveId: gap.above?.id ?? null, belowId: gap.below?.id ?? null, moved: true }
      })
    },
  }
}

/** The task next to `from` in the owner's order, on one side, leaving `skipId` (the task being moved) out. */
async function neighbour(tx: Transaction, ownerId: string, skipId: string, from: Placed, side: 'above' | 'below'): Promise<Placed | undefined> {
  const key = sql`(${tasks.position}, ${tasks.id})`
  const mark = sql`(${from.position}::float8, ${from.id}::uuid)`
  const direction = side === 'below' ? asc : desc
  const [row] = await tx
    .select({ id: tasks.id, position: tasks.position })
    .from(tasks)
    .where(and(eq(tasks.userId, ownerId), ne(tasks.id, skipId), side === 'below' ? sql`${key} > ${mark}` : sql`${key} < ${mark}`))
    .orderBy(direction(tasks.position), direction(tasks.id))
    .limit(1)
  return row
}

/** The owner's first task, leaving `skipId` out. */
async function first(tx: Transaction, ownerId: string, skipId: string): Promise<Placed | undefined> {
  const [row] = await tx
    .select({ id: tasks.id, position: tasks.position })
    .from(tasks)
    .where(and(eq(tasks.userId, ownerId), ne(tasks.id, skipId)))
    .orderBy(asc(tasks.position), asc(tasks.id))
    .limit(1)
  return row
}

/**
 * Gives the owner's tasks positions a step apart, in the order they have (position, then id), starting from the first
 * task's own position: nothing moves above it, so a create that read the first position before this ran still lands
 * on top. Rows already on their number are not written. Runs under the owner's lock, inside the move.
 */
async function renumber(tx: Transaction, ownerId: string): Promise<void> {
  await tx.execute(sql`
    update ${tasks} set position = renumbered.position
    from (
      select id, min(position) over () + (row_number() over (order by position, id) - 1) * ${POSITION_STEP}::float8 as position
      from ${tasks} where user_id = ${ownerId}
    ) as renumbered
    where ${tasks.id} = renumbered.id and ${tasks.userId} = ${ownerId} and ${tasks.position} is distinct from renumbered.position`)
}

/** How many tasks one list holds (`listId` null: the Inbox), and how many of them are not completed. */
export interface ListTaskCounts {
  listId: string | null
  all: number
  pending: number
}

/**
 * The tasks of each of the owner's lists, and of the Inbox, counted in one statement over (user_id, list_id, …); a list
 * with no task is not in the answer. With `listId`, only that list's. For the lists' overview, in its transaction.
 */
export async function countTasksByList(db: NodePgDatabase | Transaction, ownerId: string, listId?: string): Promise<ListTaskCounts[]> {
  return db
    .select({ listId: tasks.listId, all: sql<number>`count(*)::int`, pending: sql<number>`(count(*) filter (where not ${tasks.completed}))::int` })
    .from(tasks)
    .where(and(eq(tasks.userId, ownerId), listId === undefined ? undefined : eq(tasks.listId, listId)))
    .groupBy(tasks.listId)
}

/**
 * Empties a list that is about to be deleted, inside the deletion's transaction: its tasks go to the Inbox (an edit of
 * each: updated_at is now) or are deleted; how many. Under the owner's lock, as every write over many of one owner's
 * tasks is (see lockOwnersTasks).
 */
export async function releaseListTasks(tx: Transaction, ownerId: string, listId: string, choice: 'inbox' | 'delete'): Promise<number> {
  await lockOwnersTasks(tx, ownerId)
  const inList = and(eq(tasks.userId, ownerId), eq(tasks.listId, listId))
  const result = choice === 'inbox' ? await tx.update(tasks).set({ listId: null, updatedAt: sql`now()` }).where(inList) : await tx.delete(tasks).where(inList)
  return result.rowCount ?? 0
}
