import { redisStorage } from '@better-auth/redis-storage'
import type { createPool } from '@tasklane/db/pool'
import type { Logger } from '@tasklane/logging'
import type { SecondaryStorage } from 'better-auth'
import type { RedisConnection } from './redis-client.ts'

/** Every key Tasklane's Better Auth writes to Redis starts with this. */
export const AUTH_KEY_PREFIX = 'tasklane:auth:'

export interface SecondaryStorageOptions {
  redis: RedisConnection
  pool: ReturnType<typeof createPool>
  logger: Logger
}

/**
 * Better Auth's Redis storage (`@better-auth/redis-storage`), changed so that losing Redis, or getting an old copy
 * of it back, can never bring back a session that has ended. Sessions are kept in PostgreSQL too
 * (`storeSessionInDatabase`), and PostgreSQL alone says whether one is live:
 * - A session read from Redis is served only if PostgreSQL still has it, live, for the same user. Better Auth
 *   trusts a Redis copy outright, and a copy can outlive its session: a Redis restored from an older snapshot, a
 *   delete that failed or never reached Redis (an instance cut off from it, or Better Auth's after-commit cleanup,
 *   whose failure it only logs), or a sliding refresh that writes the copy back just after a sign-out deleted it.
 *   A stale copy is answered as a miss (Better Auth then reads PostgreSQL, which has no row) and deleted.
 * - So Redis failing is only slower: a read that cannot reach Redis is a miss, and a session write or delete that
 *   cannot reach it is skipped; sign-out and password changes complete in PostgreSQL, which every read checks.
 * - Rate-limit counters fall back to counters in this process while Redis is unreachable: limits then hold per
 *   instance instead of across all of them, rather than refusing every sign-in.
 * Other keys (verification values) keep Better Auth's behaviour: a failure is an error, so a one-time value can
 * never be used twice because its delete was skipped.
 */
export function createSecondaryStorage({ redis, pool, logger }: SecondaryStorageOptions): SecondaryStorage {
  const inRedis = redisStorage({ client: redis.client, keyPrefix: AUTH_KEY_PREFIX })
  const isLive = liveSessionQuery(pool)
  const localCounters = createLocalCounters()
  let failing = false

  const reachRedis = async <T>(command: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> => {
    if (!redis.usable()) return noteFailure(new Error('the connection to Redis is lost; reconnecting'))
    try {
      const value = await command()
      if (failing) {
        failing = false
        logger.info('redis reachable again: sessions are read from it again (each checked against PostgreSQL)')
      }
      return { ok: true, value }
    } catch (error) {
      return noteFailure(error)
    }
  }
  // Once per outage, not once per request: during one, every request would log it.
  const noteFailure = (error: unknown): { ok: false } => {
    if (!failing) {
      failing = true
      logger.warn({ redisError: error instanceof Error ? error.message : String(error) }, 'redis unreachable: sessions are read from PostgreSQL, rate limits are counted per instance')
    }
    return { ok: false }
  }

  return {
    async get(key) {
      const read = await reachRedis(() => inRedis.get(key))
      if (!read.ok || read.value === null) return null
      const session = sessionInRecord(read.value)
      if (!session) return read.value
      if (session.token === key && (await isLive(session))) return read.value
      logger.info({ userId: session.userId }, 'refused a session copy in Redis that PostgreSQL no longer has live')
      await reachRedis(() => inRedis.delete(key))
      return null
    },
    async set(key, value, ttl) {
      if (!isSessionKey(key)) return inRedis.set(key, value, ttl)
      await reachRedis(() => inRedis.set(key, value, ttl))
    },
    async delete(key) {
      if (!isSessionKey(key)) return inRedis.delete(key)
      await reachRedis(() => inRedis.delete(key))
    },
    getAndDelete: (key) => inRedis.getAndDelete(key),
    async increment(key, ttl) {
      const counted = await reachRedis(() => inRedis.increment(key, ttl))
      return counted.ok ? counted.value : localCounters.increment(key, ttl)
    },
  }
}

// Better Auth's keys for sessions: the token itself (32 letters and digits) holds the session and its user; the
// other two are per-user indexes of those. Every one of them can be rebuilt from PostgreSQL or is checked against it.
const SESSION_TOKEN_KEY = /^[A-Za-z0-9]{32}$/
const isSessionKey = (key: string) => SESSION_TOKEN_KEY.test(key) || key.startsWith('active-sessions-') || key.startsWith('revoked-sessions-before-')

interface SessionReference {
  token: string
  userId: string
}

/** The session a stored value describes, if it is a session record (`{"session":{…},"user":{…}}`). */
function sessionInRecord(value: unknown): SessionReference | undefined {
  if (typeof value !== 'string' || !value.startsWith('{"session":')) return undefined
  try {
    const record = JSON.parse(value) as { session?: { token?: unknown; userId?: unknown } }
    const { token, userId } = record.session ?? {}
    // A record that does not name its session is answered as a miss, as if it were stale.
    return { token: typeof token === 'string' ? token : '', userId: typeof userId === 'string' ? userId : '' }
  } catch {
    return { token: '', userId: '' }
  }
}

/**
 * Whether PostgreSQL has this session, unexpired, for this user: one lookup on the token's unique index, prepared once
 * per connection. Plain SQL rather than Drizzle on this path, which every session check takes: measured, the query
 * builder cost a few percent of auth's CPU per get-session.
 */
function liveSessionQuery(pool: ReturnType<typeof createPool>) {
  const query = { name: 'tasklane-live-session', text: 'select 1 from "session" where token = $1 and user_id = $2 and expires_at > now()' }
  return async ({ token, userId }: SessionReference) => (await pool.query({ ...query, values: [token, userId] })).rowCount === 1
}

/** `increment` as Redis does it (a counter created with a TTL that later increments never extend), in memory. */
function createLocalCounters(maxEntries = 100_000) {
  const counters = new Map<string, { count: number; expiresAt: number }>()
  return {
    increment(key: string, ttlSeconds: number): number {
      const now = Date.now()
      const current = counters.get(key)
      if (current && current.expiresAt > now) return ++current.count
      if (counters.size >= maxEntries) for (const [staleKey, entry] of counters) if (entry.expiresAt <= now) counters.delete(staleKey)
      // Still full of live counters: forget the oldest rather than grow without bound.
      if (counters.size >= maxEntries) counters.delete(counters.keys().next().value ?? '')
      counters.set(key, { count: 1, expiresAt: now + ttlSeconds * 1000 })
      return 1
    },
  }
}
