import { execFileSync } from 'node:child_process'
import { Redis } from 'ioredis'

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** The machine's Redis may have been stopped: start it the way the machine does, then confirm it answers. */
export async function ensureRedisRunning(): Promise<void> {
  if (await ping()) return
  execFileSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', '6379', '--save', '', '--appendonly', 'no', '--dir', '/var/lib/redis', '--logfile', '/var/log/redis/ci.log'])
  for (let attempt = 0; attempt < 50 && !(await ping()); attempt++) await new Promise((resolve) => setTimeout(resolve, 100))
  if (!(await ping())) throw new Error(`Redis is not reachable at ${TEST_REDIS_URL} and could not be started`)
}

async function ping(): Promise<boolean> {
  const client = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  client.on('error', () => {})
  try {
    await client.connect()
    return (await client.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

/** Keys Better Auth keeps in Redis for one session token. */
export async function redisKeysFor(token: string): Promise<string[]> {
  const client = new Redis(TEST_REDIS_URL)
  try {
    return await client.keys(`tasklane:auth:*${token}*`)
  } finally {
    client.disconnect()
  }
}
