import { Redis } from 'ioredis'
import type { BenchUser } from './seed.ts'

/** Tasklane's Better Auth key prefix (apps/auth/src/create-app.ts). */
const KEY_PREFIX = 'tasklane:auth:'

/** Deletes the Redis keys Better Auth kept for the bench's own sessions and users, and nothing else. */
export async function deleteBenchKeys(redisUrl: string, users: BenchUser[]): Promise<number> {
  const needles = users.flatMap((user) => [user.token, user.userId]).filter(Boolean)
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 })
  try {
    let cursor = '0'
    let deleted = 0
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${KEY_PREFIX}*`, 'COUNT', 1000)
      cursor = next
      const ours = keys.filter((key) => needles.some((needle) => key.includes(needle)))
      if (ours.length > 0) deleted += await client.del(...ours)
    } while (cursor !== '0')
    return deleted
  } finally {
    client.disconnect()
  }
}
