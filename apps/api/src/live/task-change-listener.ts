import { createPool } from '@tasklane/db/pool'
import type { Logger } from '@tasklane/logging'
import type pg from 'pg'
import { parseTaskChange, TASK_CHANGES_CHANNEL, type TaskChange } from './task-change.ts'

/** How the listener's connection shows in `pg_stat_activity`, for operators (and the test that kills it). */
export const LISTENER_APPLICATION_NAME = 'tasklane-api-task-changes'

export interface TaskChangeListenerOptions {
  connectionString: string
  logger: Pick<Logger, 'info' | 'warn'>
  /** A change published by any api instance. */
  onChange(change: TaskChange): void
  /**
   * LISTEN is active again after a connection was (re)made: changes published while it was not are lost, so every
   * open stream must be told to fetch again.
   */
  onListening(): void
  /** How long to wait before reconnecting, doubling from `minMs` up to `maxMs`. */
  reconnect?: { minMs: number; maxMs: number }
  /** How often the connection is checked with a query, so one that died without a word is noticed. */
  pingIntervalMs?: number
}

export interface TaskChangeListener {
  /** True once LISTEN is active; false after `timeoutMs` without it (the database is away: streams wait for a resync). */
  listening(timeoutMs: number): Promise<boolean>
  close(): Promise<void>
}

const PING_TIMEOUT_MS = 10_000

/**
 * One dedicated connection per api process that LISTENs on the task-changes channel (a pooled one cannot: LISTEN
 * belongs to a session), held out of a pool of one from `@tasklane/db/pool`, whose clients all have an error listener
 * (see STACK-FACTS: an unhandled pg client error crashes the process). Whatever happens to the connection (the database
 * restarts, `pg_terminate_backend`, a network cut), it is destroyed, and a new one LISTENs again after a backoff.
 */
export function startTaskChangeListener({
  connectionString,
  logger,
  onChange,
  onListening,
  reconnect = { minMs: 100, maxMs: 5_000 },
  pingIntervalMs = 30_000,
}: TaskChangeListenerOptions): TaskChangeListener {
  const url = new URL(connectionString)
  url.searchParams.set('application_name', LISTENER_APPLICATION_NAME)
  const pool = createPool({ connectionString: url.toString(), max: 1, onError: () => undefined })
  let closed = false
  let current: pg.PoolClient | undefined
  let delayMs = reconnect.minMs
  let reconnectTimer: NodeJS.Timeout | undefined
  let waiters: Array<(listening: boolean) => void> = []

  // The 'error' and 'end' of one connection both come here; only the first counts. The pool's error listener stays
  // attached, so whatever the closing socket still emits is handled.
  const drop = (client: pg.PoolClient, reason: string, error?: unknown) => {
    if (current !== client) return
    current = undefined
    client.removeAllListeners('notification')
    client.release(true)
    if (closed) return
    logger.warn({ err: error, reason }, 'task-change listener lost its database connection; reconnecting')
    scheduleConnect()
  }

  const scheduleConnect = () => {
    if (closed || reconnectTimer) return
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined
      void connect()
    }, delayMs)
    delayMs = Math.min(delayMs * 2, reconnect.maxMs)
  }

  const deliver = (message: pg.Notification) => {
    if (message.channel !== TASK_CHANGES_CHANNEL) return
    const change = parseTaskChange(message.payload)
    if (change) onChange(change)
    else logger.warn({ channel: message.channel }, 'ignored a notification that is not a task change')
  }

  const connect = async () => {
    let client: pg.PoolClient | undefined
    try {
      client = await pool.connect()
      await client.query(`LISTEN ${TASK_CHANGES_CHANNEL}`)
    } catch (error) {
      client?.release(true)
      if (delayMs >= reconnect.maxMs) logger.warn({ err: error }, 'task-change listener cannot reach the database; retrying')
      scheduleConnect()
      return
    }
    if (closed) {
      client.release(true)
      return
    }
    const listening = client
    current = listening
    listening.on('notification', deliver)
    listening.on('error', (error) => drop(listening, 'error', error))
    listening.on('end', () => drop(listening, 'end'))
    delayMs = reconnect.minMs
    logger.info({ channel: TASK_CHANGES_CHANNEL }, 'listening for task changes')
    onListening()
    for (const wake of waiters.splice(0)) wake(true)
  }

  // A connection that died without a FIN (a cut network) emits nothing; a query on it does not come back.
  const ping = setInterval(() => {
    const client = current
    if (!client) return
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer to a ping in ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS)
    })
    Promise.race([client.query('select 1'), timedOut])
      .catch((error: unknown) => drop(client, 'ping failed', error))
      .finally(() => clearTimeout(timer))
  }, pingIntervalMs)
  ping.unref()

  void connect()

  return {
    listening(timeoutMs) {
      if (current) return Promise.resolve(true)
      return new Promise((resolve) => {
        const wake = (listening: boolean) => {
          clearTimeout(timer)
          resolve(listening)
        }
        const timer = setTimeout(() => {
          waiters = waiters.filter((waiter) => waiter !== wake)
          resolve(false)
        }, timeoutMs)
        waiters.push(wake)
      })
    },
    async close() {
      closed = true
      clearInterval(ping)
      clearTimeout(reconnectTimer)
      for (const wake of waiters.splice(0)) wake(false)
      const client = current
      current = undefined
      client?.release(true)
      await pool.end()
    },
  }
}
