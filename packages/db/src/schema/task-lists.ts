import { sql } from 'drizzle-orm'
import { doublePrecision, index, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { user } from './auth.ts'

/**
 * A user's own lists. The Inbox is not a row: a task with no list (`tasks.list_id` null) is in the Inbox, so it always
 * exists, cannot be renamed or deleted, and needs nothing written at sign-up.
 */
export const taskLists = pgTable(
  'task_lists',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The user's order of their lists, ascending; a double, like `tasks.position`. */
    position: doublePrecision('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    index('task_lists_user_position_idx').on(table.userId, table.position, table.id),
    // Two lists of one user never share a name, whatever its case.
    uniqueIndex('task_lists_user_name_idx').on(table.userId, sql`lower(${table.name})`),
    // The target of tasks' (user_id, list_id) key: a task can only be in a list of its own owner.
    unique('task_lists_user_id_key').on(table.userId, table.id),
  ],
)

export type TaskListRow = typeof taskLists.$inferSelect
