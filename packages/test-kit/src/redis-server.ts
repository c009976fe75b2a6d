import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import { freePort } from './free-port.ts'

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

/** Where tests find `redis-server`; `REDIS_SERVER_BIN` overrides it. */
export const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server'

/** Whether `redis-server` can be run here, for tests that start their own. */
export function redisServerInstalled(): boolean {
  return spawnSync(REDIS_SERVER_BIN, ['--version'], { stdio: 'ignore' }).status === 0
}

export interface ThrowawayRedis {
  url: string
  port: number
  /** Its data folder (the RDB snapshot lives here when `persistence` is on). */
  dir: string
  /** A client for looking inside; disconnected by `destroy`. */
  client: Redis
  /** Writes the RDB snapshot now (`SAVE`): what a restart after `kill` comes back with. Needs `persistence`. */
  save(): Promise<void>
  /** `SHUTDOWN NOSAVE`: it stops without writing anything more. */
  stop(): Promise<void>
  /** `kill -9`: it dies at once, nothing written. */
  kill(): Promise<void>
  /** Starts it again on the same port and folder; with `persistence`, it loads its last snapshot. */
  start(): Promise<void>
  /** Kills it and deletes its folder. */
  destroy(): Promise<void>
}

/**
 * A `redis-server` of the test's own on a free port, so a test can stop, kill and restart it without touching the
 * machine's Redis. Snapshots are never automatic (`save ""`) and there is no AOF: with `persistence`, the data a
 * restart comes back with is exactly the last `save()`, which is how a Redis with RDB persistence returns with older
 * data after a crash. Without it, every start is empty.
 */
export async function startThrowawayRedis({ persistence, dir }: { persistence: boolean; dir?: string }): Promise<ThrowawayRedis> {
  const dataDir = dir ?? mkdtempSync(path.join(tmpdir(), 'tasklane-redis-'))
  const port = await freePort()
  const url = `redis://127.0.0.1:${port}`
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 100 })
  client.on('error', () => {})
  let child: ChildProcess | undefined

  const start = async () => {
    if (!persistence) rmSync(path.join(dataDir, DUMP_FILE), { force: true })
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dataDir, '--dbfilename', DUMP_FILE, '--logfile', '']
    const started = spawn(REDIS_SERVER_BIN, args, { stdio: 'ignore' })
    child = started
    const exited = new Promise<never>((_resolve, reject) => started.once('exit', (code) => reject(new Error(`redis-server exited (${code}) on start`))))
    exited.catch(() => {})
    const deadline = Date.now() + 15_000
    while (!(await answersPing(url))) {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer within 15 s`)
      await Promise.race([sleep(50), exited])
    }
  }
  const exitOf = async (signal: NodeJS.Signals | undefined) => {
    const running = child
    child = undefined
    if (!running || running.exitCode !== null || running.signalCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    if (signal) running.kill(signal)
    await exited
  }

  await start()
  await client.connect()
  return {
    url,
    port,
    dir: dataDir,
    client,
    async save() {
      if (!persistence) throw new Error('save() needs persistence: true')
      await client.call('SAVE')
    },
    async stop() {
      const exited = exitOf(undefined)
      await client.call('SHUTDOWN', 'NOSAVE').catch(() => {})
      await exited
    },
    kill: () => exitOf('SIGKILL'),
    start,
    async destroy() {
      client.disconnect()
      await exitOf('SIGKILL')
      if (!dir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

const DUMP_FILE = 'dump.rdb'

async function answersPing(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  probe.on('error', () => {})
  try {
    await probe.connect()
    return (await probe.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    probe.disconnect()
  }
}

export interface RedisRelay {
  /** Point a service here instead of at Redis. */
  url: string
  /** From now on this relay's clients cannot reach Redis: open connections are dropped, new ones closed at once. */
  cut(): void
  /** Relays again. */
  restore(): void
  close(): Promise<void>
}

/**
 * A TCP relay in front of one Redis, so a single service can lose Redis while every other client keeps it:
 * one auth instance sees Redis fail, another does not.
 */
export async function startRedisRelay(redisPort: number): Promise<RedisRelay> {
  const open = new Set<Socket>()
  let cut = false
  const server = createServer((incoming) => {
    if (cut) return void incoming.destroy()
    const outgoing = connect(redisPort, '127.0.0.1')
    for (const [from, to] of [[incoming, outgoing], [outgoing, incoming]] as const) {
      open.add(from)
      from.on('error', () => to.destroy())
      from.on('close', () => {
        open.delete(from)
        to.destroy()
      })
      from.pipe(to)
    }
  })
  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    url: `redis://127.0.0.1:${port}`,
    cut() {
      cut = true
      for (const socket of open) socket.destroy()
    },
    restore() {
      cut = false
    },
    async close() {
      for (const socket of open) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
