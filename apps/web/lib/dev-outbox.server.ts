import { webConfig } from './web-config.server'

export interface OutboxMessage {
  to: string
  subject: string
  text: string
  created_at: string
}

export type Outbox = { state: 'ok'; messages: OutboxMessage[] } | { state: 'absent' } | { state: 'unavailable' }

const TIMEOUT_MS = 2_500

/**
 * The mail auth kept instead of sending it (its `GET /dev/outbox`, newest first). Auth alone decides whether there is
 * one: it serves it only outside production, so this origin shows a 404 exactly when auth does (`next start` runs with
 * NODE_ENV=production even on a development machine, so this server's own NODE_ENV would say nothing).
 */
export async function readDevOutbox(): Promise<Outbox> {
  try {
    const response = await fetch(`${webConfig().authUrl}/dev/outbox`, { cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS) })
    if (response.status === 404) return { state: 'absent' }
    if (!response.ok) return { state: 'unavailable' }
    const { messages } = (await response.json()) as { messages: OutboxMessage[] }
    return { state: 'ok', messages }
  } catch {
    return { state: 'unavailable' }
  }
}
