import { devOutbox } from '@tasklane/db/schema'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import type { MailTransport } from './mail-transport.ts'

/** Outside production: every message is kept in `dev_outbox`, read at /dev/outbox (dev-outbox-routes.ts). */
export function createDevOutboxTransport(db: NodePgDatabase): MailTransport {
  return {
    async deliver(message) {
      await db.insert(devOutbox).values(message)
    },
    async close() {},
  }
}
