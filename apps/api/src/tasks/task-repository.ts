import { tasks, type TaskRow } from '@tasklane/db/schema'
import { and, asc, desc, eq, ne, not, sql, type SQL } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import type { TaskCursor } from './task-cursor.ts'
import type { TaskCounts, TaskListFilter, TaskSort } from './task-schemas.ts'

export interface ListOptions extends TaskListFilter {
  ownerId: string
  sort: TaskSort
  order: 'asc' | 'desc'
  limit: number
  after: TaskCursor | undefined
}

export interface TaskChanges {
  title: string
  description: string | null
  completed?: boolean | undefined
}

/** The only code that touches the tasks table. Every method takes the owner: another user's task is "not found". */
export interface TaskRepository {
  list(options: ListOptions): Promise<TaskRow[]>
  counts(ownerId: string): Promise<TaskCounts>
  create(input: { ownerId: string; title: string; description: string | null }): Promise<TaskRow>
  findOwned(input: { ownerId: string; taskId: string }): Promise<TaskRow | undefined>
  update(input: { ownerId: string; taskId: string; changes: TaskChanges }): Promise<TaskRow | undefined>
  /** `completed` undefined toggles. */
  setCompleted(input: { ownerId: string; taskId: string; completed: boolean | undefined }): Promise<TaskRow | undefined>
  remove(input: { ownerId: string; taskId: string }): Promise<boolean>
  /** Sets `completed` on every task of the owner the filter matches, in one statement; how many rows changed. */
  setCompletedMatching(input: { ownerId: string; filter: TaskListFilter; completed: boolean }): Promise<number>
  /** Deletes every completed task of the owner, in one statement; how many. */
  removeCompleted(ownerId: string): Promise<number>
}

const sortColumns = { created_at: tasks.createdAt, updated_at: tasks.updatedAt, title: tasks.title } as const

export function createTaskRepository(db: NodePgDatabase): TaskRepository {
  const owned = (ownerId: string, taskId: string) => and(eq(tasks.userId, ownerId), eq(tasks.id, taskId))
  /** The owner's tasks a filter matches: what a listing shows and a bulk action changes, from the one definition. */
  const matching = (ownerId: string, { status }: TaskListFilter): SQL[] => {
    const conditions: SQL[] = [eq(tasks.userId, ownerId)]
    if (status !== 'all') conditions.push(eq(tasks.completed, status === 'completed'))
    return conditions
  }

  return {
    async list({ ownerId, sort, order, limit, after, ...filter }) {
      const column = sortColumns[sort]
      const conditions = matching(ownerId, filter)
      if (after) {
        // Keyset: a row comparison on (sort key, id) walks the (user_id, key, id) index, stable under inserts.
        const value = sort === 'title' ? sql`${after.value}` : sql`${after.value}::timestamptz`
        conditions.push(order === 'asc' ? sql`(${column}, ${tasks.id}) > (${value}, ${after.id}::uuid)` : sql`(${column}, ${tasks.id}) < (${value}, ${after.id}::uuid)`)
      }
      const direction = order === 'asc' ? asc : desc
      return db
        .select()
        .from(tasks)
        .where(and(...conditions))
        .orderBy(direction(column), direction(tasks.id))
        .limit(limit)
    },

    async counts(ownerId) {
      const [row] = await db
        .select({ all: sql<number>`count(*)::int`, completed: sql<number>`(count(*) filter (where ${tasks.completed}))::int` })
        .from(tasks)
        .where(eq(tasks.userId, ownerId))
      const all = row?.all ?? 0
      const completed = row?.completed ?? 0
      return { all, pending: all - completed, completed }
    },

    async create({ ownerId, title, description }) {
      const [row] = await db.insert(tasks).values({ userId: ownerId, title, description }).returning()
      if (!row) throw new Error('insert returned no row')
      return row
    },

    async findOwned({ ownerId, taskId }) {
      const [row] = await db.select().from(tasks).where(owned(ownerId, taskId))
      return row
    },

    async update({ ownerId, taskId, changes }) {
      const [row] = await db
        .update(tasks)
        .set({ ...changes, updatedAt: sql`now()` })
        .where(owned(ownerId, taskId))
        .returning()
      return row
    },

    async setCompleted({ ownerId, taskId, completed }) {
      const [row] = await db
        .update(tasks)
        .set({ completed: completed ?? not(tasks.completed), updatedAt: sql`now()` })
        .where(owned(ownerId, taskId))
        .returning()
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
      const result = await db
        .update(tasks)
        .set({ completed, updatedAt: sql`now()` })
        .where(and(...matching(ownerId, filter), ne(tasks.completed, completed)))
      return result.rowCount ?? 0
    },

    async removeCompleted(ownerId) {
      const result = await db.delete(tasks).where(and(eq(tasks.userId, ownerId), eq(tasks.completed, true)))
      return result.rowCount ?? 0
    },
  }
}
