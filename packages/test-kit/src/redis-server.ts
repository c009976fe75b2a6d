import { execFileSync } from 'node:child_process'
import { Redis } from 'ioredis'

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/**
 * Whether the Redis at TEST_REDIS_URL answers. The machine's Redis may have been stopped: if it does not answer,
 * it is started the way the machine starts it, where redis-server is installed.
 */
export async function ensureRedisRunning(): Promise<boolean> {
  if (await ping()) return true
  try {
    execFileSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', '6379', '--save', '', '--appendonly', 'no', '--dir', '/var/lib/redis', '--logfile', '/var/log/redis/ci.log'], { stdio: 'ignore' })
  } catch {
    return false
  }
  for (let attempt = 0; attempt < 50 && !(await ping()); attempt++) await new Promise((resolve) => setTimeout(resolve, 100))
  return ping()
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
