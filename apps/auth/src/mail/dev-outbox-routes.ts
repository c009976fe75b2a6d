import { devOutbox } from '@tasklane/db/schema'
import { errorBody } from '@tasklane/http/error-body'
import { desc, eq } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import { Hono } from 'hono'
import type { RequestIdVariables } from 'hono/request-id'

/** The newest this many messages: enough to find the one just sent, never the whole table. */
export const DEV_OUTBOX_LIMIT = 50
const MAX_ADDRESS_LENGTH = 320

/**
 * `GET /dev/outbox[?to=address]`: the mail auth would have sent, newest first, as JSON. Mounted only outside
 * production (create-app.ts), where it is what stands in for an inbox: the web origin shows it at /dev/outbox, and tests
 * read their links from it.
 */
export function devOutboxRoutes(db: NodePgDatabase) {
  const app = new Hono<{ Variables: RequestIdVariables }>()
  app.get('/dev/outbox', async (c) => {
    const to = c.req.query('to')
    if (to !== undefined && (to.length === 0 || to.length > MAX_ADDRESS_LENGTH)) {
      return c.json(errorBody(c.var.requestId, 'VALIDATION_FAILED', 'to must be an address of 1 to 320 characters.', { field: 'to' }), 422)
    }
    const rows = await db
      .select()
      .from(devOutbox)
      .where(to === undefined ? undefined : eq(devOutbox.to, to.trim().toLowerCase()))
      .orderBy(desc(devOutbox.createdAt), desc(devOutbox.id))
      .limit(DEV_OUTBOX_LIMIT)
    c.header('cache-control', 'no-store')
    return c.json({
      messages: rows.map((row) => ({ to: row.to, subject: row.subject, text: row.text, html: row.html, created_at: row.createdAt.toISOString() })),
    })
  })
  return app
}
