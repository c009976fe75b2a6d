import { sql } from 'drizzle-orm'
import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { user } from './auth.ts'

// Millisecond precision: the list cursor carries a JavaScript time, and keyset pagination needs the stored
// value to equal it exactly, or pages would skip or repeat rows.
const millis = (name: string) => timestamp(name, { withTimezone: true, precision: 3 }).notNull().defaultNow()

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
  },
  // One index per sort order, each ending in id: the list query is a keyset scan that never sorts.
  (table) => [
    index('tasks_user_created_idx').on(table.userId, table.createdAt, table.id),
    index('tasks_user_updated_idx').on(table.userId, table.updatedAt, table.id),
    index('tasks_user_title_idx').on(table.userId, table.title, table.id),
  ],
)

export type TaskRow = typeof tasks.$inferSelect
