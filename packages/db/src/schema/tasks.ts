import { sql } from 'drizzle-orm'
import { boolean, check, customType, date, doublePrecision, foreignKey, index, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { user } from './auth.ts'
import { taskLists } from './task-lists.ts'

// Millisecond precision: the list cursor carries a JavaScript time, and keyset pagination needs the stored
// value to equal it exactly, or pages would skip or repeat rows.
const millis = (name: string) => timestamp(name, { withTimezone: true, precision: 3 }).notNull().defaultNow()

/** PostgreSQL's full-text document type; read only inside SQL (`@@`), never selected. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

/**
 * The text search configuration of `tasks.search` and of every search query: PostgreSQL's `simple` (no language, no
 * stemming, no stop words: tasks are written in any language) with `unaccent` before it, so `Ecole` finds `École`.
 * Created by migration 0004; a query must name the same configuration, or it would look for other lexemes.
 */
export const TASK_SEARCH_CONFIG = 'tasklane_search'

export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description'),
    completed: boolean('completed').notNull().default(false),
    createdAt: millis('created_at'),
    updatedAt: millis('updated_at'),
    /** A calendar day, no time and no zone: "due on" means the same day wherever the user is. */
    dueOn: date('due_on', { mode: 'string' }),
    /** 0 none, 1 low, 2 medium, 3 high (the api speaks the words): a number, so sorting by it sorts by importance. */
    priority: smallint('priority').notNull().default(0),
    /**
     * The user's own order (ascending = top first): any double; the api puts a new task above the first one and a moved
     * one halfway between its neighbours, renumbering the user's tasks when two neighbours have no double left between
     * them (task-repository.ts). The default is for rows written by hand; the api always sets it.
     */
    position: doublePrecision('position').notNull().default(0),
    /**
     * The list the task is in; null is the Inbox. Its key is (user_id, list_id), so a task can only be in a list of its
     * own owner. No action on delete: deleting a list says what happens to its tasks (move to the Inbox, or delete)
     * and does it first, in the same transaction.
     */
    listId: uuid('list_id'),
    /** Title and description as lexemes, kept by PostgreSQL itself, for `q` (`@@` with a prefix tsquery). */
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(sql.raw(`to_tsvector('${TASK_SEARCH_CONFIG}'::regconfig, "title" || ' ' || coalesce("description", ''))`)),
  },
  // One index per sort order, each ending in id: the list query is a keyset scan that never sorts.
  (table) => [
    index('tasks_user_created_idx').on(table.userId, table.createdAt, table.id),
    index('tasks_user_updated_idx').on(table.userId, table.updatedAt, table.id),
    index('tasks_user_title_idx').on(table.userId, table.title, table.id),
    index('tasks_user_priority_idx').on(table.userId, table.priority, table.id),
    // Tasks without a due date come last in both orders, so each order has its own never-null key: a missing day is
    // +infinity going up and -infinity going down. The list query orders by exactly these expressions.
    index('tasks_user_due_asc_idx').on(table.userId, sql`coalesce(${table.dueOn}, 'infinity'::date)`, table.id),
    index('tasks_user_due_desc_idx').on(table.userId, sql`coalesce(${table.dueOn}, '-infinity'::date)`, table.id),
    index('tasks_user_position_idx').on(table.userId, table.position, table.id),
    // A list's tasks in the user's order, and the lookup a list's deletion makes.
    index('tasks_user_list_position_idx').on(table.userId, table.listId, table.position, table.id),
    foreignKey({ name: 'tasks_list_owner_fk', columns: [table.userId, table.listId], foreignColumns: [taskLists.userId, taskLists.id] }),
    // Every user's documents in one index: a search reads the postings of its words, then keeps the owner's rows.
    index('tasks_search_idx').using('gin', table.search),
    check('tasks_priority_range', sql`${table.priority} between 0 and 3`),
  ],
)

/** A task as the api reads it: every column but `search`, which only queries use. */
export type TaskRow = Omit<typeof tasks.$inferSelect, 'search'>
