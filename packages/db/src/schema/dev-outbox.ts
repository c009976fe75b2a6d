import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'

// Outside production every email auth would send lands here instead of an SMTP server, so a new user can follow a
// reset or verification link on `npm start` with no mail server (shown at /dev/outbox on the web origin).
export const devOutbox = pgTable(
  'dev_outbox',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  // Read newest first, for one address or for all.
  (table) => [index('dev_outbox_to_created_idx').on(table.to, table.createdAt), index('dev_outbox_created_idx').on(table.createdAt)],
)
