import { once } from 'node:events'
import type { Logger } from '@tasklane/logging'
import { Redis } from 'ioredis'

/** Past this, a Redis command counts as failed: the caller goes on without Redis (see secondary-storage.ts). */
const COMMAND_TIMEOUT_MS = 500

export interface RedisConnection {
  client: Redis
  /**
   * Whether a command sent now can reach Redis. False from the moment a connection is lost until ioredis has a
   * new one, so callers go straight to PostgreSQL instead of queueing behind reconnection attempts. Before the
   * very first connection it is true: commands wait in ioredis's queue (bounded by the timeout) rather than fail
   * every request a freshly started instance receives.
   */
  usable(): boolean
  /**
   * Resolves when Redis answers a ping. Before the first connection it waits up to `timeoutMs` for one (start-up);
   * after a lost connection it fails at once.
   */
  ping(timeoutMs: number): Promise<void>
}

/**
 * An ioredis client whose commands give up after one reconnection attempt or half a second, whichever comes first.
 * The error listener keeps a dropped connection from crashing the process; ioredis reconnects by itself. Only the
 * error's message is logged: an ioredis error can carry the command's arguments, and a key can be a session token.
 */
export function createRedisConnection(url: string, logger: Logger): RedisConnection {
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: COMMAND_TIMEOUT_MS })
  let connectedOnce = false
  client.on('ready', () => (connectedOnce = true))
  client.on('error', (error: Error) => logger.warn({ redisError: error.message }, 'redis connection error'))
  return {
    client,
    usable: () => client.status === 'ready' || !connectedOnce,
    async ping(timeoutMs) {
      if (!connectedOnce) await once(client, 'ready', { signal: AbortSignal.timeout(timeoutMs) })
      else if (client.status !== 'ready') throw new Error('the connection to Redis is lost; reconnecting')
      await client.ping()
    },
  }
}
