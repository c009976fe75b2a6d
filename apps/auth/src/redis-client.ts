import type { Logger } from '@tasklane/logging'
import { Redis } from 'ioredis'

/**
 * An ioredis client whose commands give up after one reconnection attempt: while Redis is down, a session
 * check ends in an error (503 at the api) instead of waiting for Redis. The error listener keeps a dropped
 * connection from crashing the process; ioredis reconnects by itself.
 */
export function createRedisClient(url: string, logger: Logger): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000 })
  client.on('error', (error: Error) => logger.warn({ err: error }, 'redis connection error'))
  return client
}
