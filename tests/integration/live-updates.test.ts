import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Task } from '@tasklane/api/contract'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { LISTENER_APPLICATION_NAME } from '../../apps/api/src/live/task-change-listener.ts'
import { forwardRequest } from '../../apps/web/lib/forward-request.server.ts'
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts'
import {
  type ChildService,
  type RunningService,
  type TestUser,
  apiCall,
  sessionCookie,
  signIn,
  signOut,
  signUp,
  spawnService,
  startApi,
  startAuth,
  startWebForwarder,
} from '../support/test-stack.ts'

/**
 * Live updates: every task write reaches every open event stream (`GET /api/{userId}/tasks/events`) of its owner, on
 * every api instance, through PostgreSQL NOTIFY; only the owner's; and a stream lives only as long as auth keeps
 * accepting its session, checked again every EVENT_STREAM_REVALIDATE_SECONDS (1 s here).
 */

const REVALIDATE_SECONDS = 1
/** The promise: a change shows in another tab within 2 s. */
const EVENT_BUDGET_MS = 2_000
/** How long a stream may take to end once its session is gone: the interval, plus a check and a loaded machine. */
const END_BUDGET_MS = REVALIDATE_SECONDS * 1000 + 2_500

interface StreamEvent {
  event: string
  data: string
  /** performance.now() when it arrived. */
  at: number
}

interface EventStream {
  response: Response
  events: StreamEvent[]
  /** Resolves with performance.now() when the stream ends, by the server or by `close`. */
  ended: Promise<number>
  /** The first event at or after `from` (an index into `events`) that `matches`, waiting up to `timeoutMs`. */
  next(matches: (event: StreamEvent) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<StreamEvent>
  close(): void
}

const openStreams: EventStream[] = []
afterEach(() => {
  for (const stream of openStreams.splice(0)) stream.close()
})

/** Opens the event stream as a browser's EventSource would, and reads it in the background. */
async function openEventStream(base: string, userId: string, cookie: string | undefined, headers: Record<string, string> = {}): Promise<EventStream> {
  const controller = new AbortController()
  const response = await fetch(`${base}/api/${userId}/tasks/events`, {
    headers: { accept: 'text/event-stream', ...(cookie ? { cookie } : {}), ...headers },
    signal: controller.signal,
  })
  const events: StreamEvent[] = []
  const wakers = new Set<() => void>()
  const wake = () => {
    for (const waker of wakers) waker()
  }
  let endedAt: number | undefined
  const read = async () => {
    const body = response.body
    if (!response.ok || !body) return
    const decoder = new TextDecoder()
    let buffer = ''
    const reader = body.getReader()
    try {
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        buffer += decoder.decode(read.value, { stream: true })
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          events.push(parseEvent(buffer.slice(0, end), performance.now()))
          buffer = buffer.slice(end + 2)
        }
        wake()
      }
    } catch {
      // Aborted by `close`, or the connection dropped: either way the stream has ended.
    }
  }
  const ended = read().then(() => {
    endedAt = performance.now()
    wake()
    return endedAt
  })
  const stream: EventStream = {
    response,
    events,
    ended,
    next(matches, { from = 0, timeoutMs = EVENT_BUDGET_MS * 3 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.slice(from).find(matches)
          if (found) return done(() => resolve(found))
          if (endedAt !== undefined) return done(() => reject(new Error(`the stream ended; events: ${describeEvents(events)}`)))
        }
        const timer = setTimeout(() => done(() => reject(new Error(`no matching event in ${timeoutMs} ms; events: ${describeEvents(events)}`))), timeoutMs)
        const done = (settle: () => void) => {
          clearTimeout(timer)
          wakers.delete(check)
          settle()
        }
        wakers.add(check)
        check()
      })
    },
    close: () => controller.abort(),
  }
  openStreams.push(stream)
  return stream
}

function parseEvent(block: string, at: number): StreamEvent {
  let event = 'message'
  const data: string[] = []
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) event = 'comment'
    else if (line.startsWith('event: ')) event = line.slice('event: '.length)
    else if (line.startsWith('data: ')) data.push(line.slice('data: '.length))
  }
  return { event, data: data.join('\n'), at }
}

const describeEvents = (events: StreamEvent[]) => events.map((event) => `${event.event} ${event.data}`).join(' | ') || 'none'

/** An open stream that has said `ready`: from then on, every change reaches it. */
async function readyStream(base: string, user: Pick<TestUser, 'userId' | 'cookie'>): Promise<EventStream> {
  const stream = await openEventStream(base, user.userId, user.cookie)
  expect(stream.response.status).toBe(200)
  await stream.next((event) => event.event === 'ready')
  return stream
}

interface Change {
  kind: string
  task_id?: string
  list_id?: string
  user_id: string
}

const changeOf = (event: StreamEvent) => (event.event === 'change' ? (JSON.parse(event.data) as Change) : undefined)

/**
 * Makes one change with `request` and waits for its event on `stream`: the milliseconds from sending the request to
 * the event's arrival.
 */
async function timeChange(stream: EventStream, expected: Omit<Change, 'user_id'> | ((task: Task) => Omit<Change, 'user_id'>), request: () => Promise<Response>) {
  const from = stream.events.length
  const sent = performance.now()
  const response = await request()
  expect(response.status, await response.clone().text()).toBeLessThan(300)
  const body: unknown = response.status === 204 ? undefined : await response.json()
  const wanted = typeof expected === 'function' ? expected(body as Task) : expected
  const event = await stream.next((candidate) => {
    const change = changeOf(candidate)
    return change?.kind === wanted.kind && change.task_id === wanted.task_id
  }, { from })
  return { latencyMs: event.at - sent, body }
}

/**
 * Twenty changes of every kind there is, each timed from request to event: create, edit, toggle, mark all, clear
 * completed, delete.
 */
async function timeEveryKindOfChange(stream: EventStream, base: string, user: TestUser): Promise<number[]> {
  const call = apiCall(base, user.cookie)
  const tasks = `/api/${user.userId}/tasks`
  const latencies: number[] = []
  const timed = async (...args: Parameters<typeof timeChange>) => {
    const { latencyMs, body } = await timeChange(...args)
    latencies.push(latencyMs)
    return body as Task
  }
  for (let round = 0; round < 3; round++) {
    const first = await timed(stream, (task) => ({ kind: 'created', task_id: task.id }), () => call('POST', tasks, { title: `first ${round}` }))
    await timed(stream, { kind: 'updated', task_id: first.id }, () => call('PUT', `${tasks}/${first.id}`, { title: `first ${round}, edited`, description: null }))
    await timed(stream, { kind: 'completed', task_id: first.id }, () => call('PATCH', `${tasks}/${first.id}/complete`))
    await timed(stream, (task) => ({ kind: 'created', task_id: task.id }), () => call('POST', tasks, { title: `second ${round}` }))
    await timed(stream, { kind: 'completed_all' }, () => call('POST', `${tasks}/complete-all`, { completed: true }))
    await timed(stream, { kind: 'cleared_completed' }, () => call('POST', `${tasks}/clear-completed`))
  }
  const last = await timed(stream, (task) => ({ kind: 'created', task_id: task.id }), () => call('POST', tasks, { title: 'last' }))
  await timed(stream, { kind: 'deleted', task_id: last.id }, () => call('DELETE', `${tasks}/${last.id}`))
  return latencies
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN
}

function report(path: string, latencies: number[]) {
  const round = (value: number) => Math.round(value * 10) / 10
  process.stdout.write(
    `${JSON.stringify({ suite: 'live-updates', path, changes: latencies.length, p50_ms: round(percentile(latencies, 0.5)), p95_ms: round(percentile(latencies, 0.95)), max_ms: round(Math.max(...latencies)) })}\n`,
  )
}

async function errorOf(response: Response) {
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { error_code: string; request_id: string } }
}

/** Polls `attempt` until it gives `status`, for up to `timeoutMs`: what a reconnecting client does. */
async function openEventually(attempt: () => Promise<EventStream>, status: number, timeoutMs = 10_000): Promise<EventStream> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const stream = await attempt()
    if (stream.response.status === status || performance.now() > deadline) return stream
    stream.close()
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

const running: Array<{ close(): Promise<void> }> = []
let auth: RunningService
let api: RunningService
let web: RunningService
let user: TestUser

beforeAll(async () => {
  auth = await startAuth()
  api = await startApi(auth.url, { EVENT_STREAM_REVALIDATE_SECONDS: String(REVALIDATE_SECONDS) })
  web = await startWebForwarder(auth.url, api.url)
  user = await signUp(auth.url)
})
afterAll(async () => {
  for (const stream of openStreams.splice(0)) stream.close()
  for (const service of running.reverse()) await service.close()
  await web?.close()
  await api?.close()
  await auth?.close()
})

describe('every task write reaches the owner’s open streams within 2 s', () => {
  it('through the api directly: 20 changes of every kind, each with its kind and task id', async () => {
    const stream = await readyStream(api.url, user)
    const latencies = await timeEveryKindOfChange(stream, api.url, user)
    report('api', latencies)
    expect(latencies).toHaveLength(20)
    expect(Math.max(...latencies)).toBeLessThan(EVENT_BUDGET_MS)
    // One event per change, each about this user: nothing doubled, nothing else.
    const changes = stream.events.map(changeOf).filter((change) => change !== undefined)
    expect(changes).toHaveLength(20)
    expect(new Set(changes.map((change) => change.user_id))).toEqual(new Set([user.userId]))
    expect(new Set(changes.map((change) => change.kind))).toEqual(new Set(['created', 'updated', 'completed', 'deleted', 'completed_all', 'cleared_completed']))
  })

  it('also a task moved to another place in the order', async () => {
    const stream = await readyStream(api.url, user)
    const call = apiCall(api.url, user.cookie)
    const tasks = `/api/${user.userId}/tasks`
    const older = (await (await call('POST', tasks, { title: 'to move' })).json()) as Task
    await call('POST', tasks, { title: 'on top for now' })
    const { latencyMs } = await timeChange(stream, { kind: 'moved', task_id: older.id }, () => call('POST', `${tasks}/${older.id}/move`, { before_id: null, after_id: null }))
    expect(latencyMs).toBeLessThan(EVENT_BUDGET_MS)
  })

  it('also every change to the lists: create, rename, move, delete, and a task moved to another list', async () => {
    const stream = await readyStream(api.url, user)
    const call = apiCall(api.url, user.cookie)
    const lists = `/api/${user.userId}/lists`
    const latencies: number[] = []
    /** Makes one change and waits for its event, which names the list. */
    const timed = async (kind: string, listId: string | undefined, request: () => Promise<Response>) => {
      const from = stream.events.length
      const sent = performance.now()
      const response = await request()
      expect(response.status, await response.clone().text()).toBeLessThan(300)
      const body = (await response.json()) as { id?: string }
      const wanted = listId ?? body.id
      const event = await stream.next((candidate) => changeOf(candidate)?.kind === kind && changeOf(candidate)?.list_id === wanted, { from })
      latencies.push(event.at - sent)
      return body
    }
    const first = await timed('list_created', undefined, () => call('POST', lists, { name: `live ${crypto.randomUUID().slice(0, 8)}` }))
    const second = await timed('list_created', undefined, () => call('POST', lists, { name: `live ${crypto.randomUUID().slice(0, 8)}` }))
    const firstId = first.id ?? ''
    await timed('list_renamed', firstId, () => call('PATCH', `${lists}/${firstId}`, { name: `renamed ${crypto.randomUUID().slice(0, 8)}` }))
    await timed('list_moved', second.id, () => call('POST', `${lists}/${second.id}/move`, { before_id: null, after_id: null }))
    const task = (await (await call('POST', `/api/${user.userId}/tasks`, { title: 'between lists' })).json()) as Task
    const moved = await timeChange(stream, { kind: 'updated', task_id: task.id }, () => call('PATCH', `/api/${user.userId}/tasks/${task.id}`, { list_id: firstId }))
    latencies.push(moved.latencyMs)
    await timed('list_deleted', firstId, () => call('DELETE', `${lists}/${firstId}?tasks=inbox`))
    await timed('list_deleted', second.id, () => call('DELETE', `${lists}/${second.id}?tasks=delete`))
    report('lists', latencies)
    expect(Math.max(...latencies)).toBeLessThan(EVENT_BUDGET_MS)
    // A refused list write announces nothing.
    const from = stream.events.length
    expect((await call('PATCH', `${lists}/${firstId}`, { name: 'gone' })).status).toBe(404)
    const marker = (await (await call('POST', `/api/${user.userId}/tasks`, { title: 'marker' })).json()) as Task
    await stream.next((candidate) => changeOf(candidate)?.task_id === marker.id, { from })
    expect(stream.events.slice(from).map(changeOf).filter((change) => change?.list_id !== undefined)).toEqual([])
  })

  it('through the web origin’s forwarder, streamed as it comes, never compressed', async () => {
    const stream = await openEventStream(web.url, user.userId, user.cookie, { 'accept-encoding': 'gzip, deflate, br' })
    expect(stream.response.status).toBe(200)
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(stream.response.headers.get('content-encoding')).toBeNull()
    expect(stream.response.headers.get('cache-control')).toContain('no-transform')
    await stream.next((event) => event.event === 'ready')
    const latencies = await timeEveryKindOfChange(stream, web.url, user)
    report('web-forwarder', latencies)
    expect(Math.max(...latencies)).toBeLessThan(EVENT_BUDGET_MS)
  })

  it('also a change made through another api instance on the same database, both ways', async () => {
    const other = await startApi(auth.url)
    running.push(other)
    const [here, there] = [await readyStream(api.url, user), await readyStream(other.url, user)]
    const tasks = `/api/${user.userId}/tasks`
    const latencies: number[] = []
    for (let n = 0; n < 5; n++) {
      const viaOther = await timeChange(here, (task) => ({ kind: 'created', task_id: task.id }), () => apiCall(other.url, user.cookie)('POST', tasks, { title: `via the other ${n}` }))
      const viaThis = await timeChange(there, (task) => ({ kind: 'created', task_id: task.id }), () => apiCall(api.url, user.cookie)('POST', tasks, { title: `via this ${n}` }))
      latencies.push(viaOther.latencyMs, viaThis.latencyMs)
    }
    report('across-instances', latencies)
    expect(Math.max(...latencies)).toBeLessThan(EVENT_BUDGET_MS)
  })
})

describe('a quiet stream', () => {
  it('gets a comment line about every 15 s through the web forwarder, so no proxy takes it for dead', async () => {
    const stream = await openEventStream(web.url, user.userId, user.cookie)
    const ready = await stream.next((event) => event.event === 'ready')
    const heartbeat = await stream.next((event) => event.event === 'comment', { timeoutMs: 20_000 })
    expect(heartbeat.at - ready.at).toBeGreaterThan(14_000)
    expect(heartbeat.at - ready.at).toBeLessThan(17_000)
  }, 30_000)
})

describe('one user’s stream carries nothing of another’s', () => {
  it('B’s stream sees none of A’s twenty changes, then its own; A’s stream path refuses B and no cookie at all', async () => {
    const other = await signUp(auth.url)
    const stream = await readyStream(api.url, other)
    const call = apiCall(api.url, user.cookie)
    const tasks = `/api/${user.userId}/tasks`
    for (let n = 0; n < 10; n++) {
      const created = (await (await call('POST', tasks, { title: `A's secret ${n}` })).json()) as Task
      expect((await call('DELETE', `${tasks}/${created.id}`)).status).toBe(204)
    }
    // B's own change arrives: had any of A's been sent to B, it would have come before this one.
    const own = await timeChange(stream, (task) => ({ kind: 'created', task_id: task.id }), () => apiCall(api.url, other.cookie)('POST', `/api/${other.userId}/tasks`, { title: 'B’s own' }))
    expect(own.latencyMs).toBeLessThan(EVENT_BUDGET_MS)
    const changes = stream.events.map(changeOf).filter((change) => change !== undefined)
    expect(changes).toEqual([{ user_id: other.userId, kind: 'created', task_id: (own.body as Task).id }])
    expect(stream.events.map((event) => event.data).join('\n')).not.toContain(user.userId)

    const intrusion = await openEventStream(api.url, user.userId, other.cookie)
    expect(intrusion.response.status).toBe(403)
    expect((await errorOf(intrusion.response)).body.error_code).toBe('FORBIDDEN')
    const anonymous = await openEventStream(api.url, user.userId, undefined)
    expect(anonymous.response.status).toBe(401)
    expect((await errorOf(anonymous.response)).body.error_code).toBe('UNAUTHENTICATED')
  })
})

describe('a stream lives only as long as its session', () => {
  it('ends within the revalidation interval after sign-out, with no event after, and cannot be reopened', async () => {
    const signedIn = await signIn(auth.url, user)
    expect(signedIn.status).toBe(200)
    const secondSession = { userId: user.userId, cookie: sessionCookie(signedIn) }
    const stream = await readyStream(api.url, secondSession)

    // The user goes on working in another tab (the first session) all along.
    let writing = true
    const writer = (async () => {
      const call = apiCall(api.url, user.cookie)
      while (writing) {
        await call('POST', `/api/${user.userId}/tasks`, { title: 'written while the other tab signs out' })
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    })()
    await stream.next((event) => event.event === 'change')

    expect((await signOut(auth.url, secondSession.cookie)).status).toBe(200)
    const signedOutAt = performance.now()
    const endedAt = await Promise.race([stream.ended, new Promise<number>((resolve) => setTimeout(() => resolve(Number.POSITIVE_INFINITY), END_BUDGET_MS * 3))])
    // Keep writing a while after the end: nothing may arrive any more.
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    writing = false
    await writer

    process.stdout.write(`${JSON.stringify({ suite: 'live-updates', case: 'sign-out', ended_after_ms: Math.round(endedAt - signedOutAt) })}\n`)
    expect(endedAt - signedOutAt).toBeLessThan(END_BUDGET_MS)
    expect(stream.events.filter((event) => event.at > endedAt)).toEqual([])
    // A reconnecting EventSource is refused.
    const again = await openEventStream(api.url, user.userId, secondSession.cookie)
    expect(again.response.status).toBe(401)
    // The first session's stream is unaffected.
    await readyStream(api.url, user)
  })

  it('ends when auth cannot be reached (fail closed), refuses with 503 until auth is back, then opens again', async () => {
    const ownAuth = await startAuth()
    const ownApi = await startApi(ownAuth.url, { EVENT_STREAM_REVALIDATE_SECONDS: String(REVALIDATE_SECONDS) })
    running.push(ownApi)
    const stream = await readyStream(ownApi.url, user)

    await ownAuth.close()
    const stoppedAt = performance.now()
    const endedAt = await Promise.race([stream.ended, new Promise<number>((resolve) => setTimeout(() => resolve(Number.POSITIVE_INFINITY), END_BUDGET_MS * 3))])
    process.stdout.write(`${JSON.stringify({ suite: 'live-updates', case: 'auth-down', ended_after_ms: Math.round(endedAt - stoppedAt) })}\n`)
    expect(endedAt - stoppedAt).toBeLessThan(END_BUDGET_MS)

    const refused = await openEventStream(ownApi.url, user.userId, user.cookie)
    const error = await errorOf(refused.response)
    expect(error).toMatchObject({ status: 503, body: { error_code: 'AUTH_UNAVAILABLE' } })
    expect(Number(error.retryAfter)).toBeGreaterThan(0)

    const authAgain = await startAuth({ AUTH_PORT: String(ownAuth.port) })
    running.push(authAgain)
    await readyStream(ownApi.url, user)
  })
})

describe('the listener’s database connection', () => {
  it('comes back after pg_terminate_backend: open streams are told to resync, and events flow again', async () => {
    const stream = await readyStream(api.url, user)
    const admin = new pg.Client({ connectionString: inject('databaseUrl') })
    await admin.connect()
    try {
      const listeners = async () =>
        (await admin.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [LISTENER_APPLICATION_NAME])).rows.map((row) => row.pid)
      const before = await listeners()
      expect(before.length).toBeGreaterThan(0)
      const from = stream.events.length
      // Every api's listener in this database: each must survive it (an unhandled pg error would end this very process).
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [LISTENER_APPLICATION_NAME])
      await stream.next((event) => event.event === 'resync', { from, timeoutMs: 15_000 })
      const after = await listeners()
      expect(after.filter((pid) => before.includes(pid))).toEqual([])

      const tasks = `/api/${user.userId}/tasks`
      const { latencyMs } = await timeChange(stream, (task) => ({ kind: 'created', task_id: task.id }), () => apiCall(api.url, user.cookie)('POST', tasks, { title: 'after the listener came back' }))
      expect(latencyMs).toBeLessThan(EVENT_BUDGET_MS)
    } finally {
      await admin.end()
    }
  })
})

describe('open streams are bounded, and a closed one frees its place', () => {
  it('refuses a user past EVENT_STREAM_MAX_PER_USER with 429, and the process past EVENT_STREAM_MAX_PER_PROCESS with 503', async () => {
    const limited = await startApi(auth.url, { EVENT_STREAM_MAX_PER_USER: '2', EVENT_STREAM_MAX_PER_PROCESS: '3' })
    running.push(limited)
    const [first, second, third] = [await signUp(auth.url), await signUp(auth.url), await signUp(auth.url)]
    // A HEAD opens nothing: three of them take no place.
    for (let n = 0; n < 3; n++) {
      const head = await fetch(`${limited.url}/api/${first.userId}/tasks/events`, { method: 'HEAD', headers: { cookie: first.cookie } })
      expect(head.status).toBe(200)
    }
    const held = [await readyStream(limited.url, first), await readyStream(limited.url, first)]
    const overUser = await openEventStream(limited.url, first.userId, first.cookie)
    expect(await errorOf(overUser.response)).toMatchObject({ status: 429, retryAfter: expect.stringMatching(/^\d+$/), body: { error_code: 'TOO_MANY_EVENT_STREAMS' } })

    await readyStream(limited.url, second)
    const overProcess = await openEventStream(limited.url, third.userId, third.cookie)
    expect(await errorOf(overProcess.response)).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^\d+$/), body: { error_code: 'EVENT_STREAMS_FULL' } })

    held[0]?.close()
    const reopened = await openEventually(() => openEventStream(limited.url, first.userId, first.cookie), 200)
    expect(reopened.response.status).toBe(200)
  })

  it('closes the api’s stream when the browser goes away from the web forwarder', async () => {
    const limited = await startApi(auth.url, { EVENT_STREAM_MAX_PER_USER: '2' })
    const forwarder = await startWebForwarder(auth.url, limited.url)
    running.push(limited, forwarder)
    const someone = await signUp(auth.url)
    const held = [await readyStream(forwarder.url, someone), await readyStream(forwarder.url, someone)]
    const refused = await openEventStream(forwarder.url, someone.userId, someone.cookie)
    expect(refused.response.status).toBe(429)

    for (const stream of held) stream.close()
    const started = performance.now()
    const reopened = await openEventually(() => openEventStream(forwarder.url, someone.userId, someone.cookie), 200, 5_000)
    process.stdout.write(`${JSON.stringify({ suite: 'live-updates', case: 'forwarder-disconnect', freed_after_ms: Math.round(performance.now() - started) })}\n`)
    expect(reopened.response.status).toBe(200)
  })
})

describe('shutting down', () => {
  it('ends open streams on SIGTERM, so the api exits 0 at once instead of waiting for them', async () => {
    const child = await spawnService('api', { AUTH_URL: auth.url })
    running.push(child)
    const stream = await readyStream(child.url, user)
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.child.once('exit', (code) => resolve({ code, at: performance.now() })))
    const signalled = performance.now()
    child.child.kill('SIGTERM')
    const { code, at } = await exited
    process.stdout.write(`${JSON.stringify({ suite: 'live-updates', case: 'sigterm-with-open-stream', exited_after_ms: Math.round(at - signalled), code })}\n`)
    // A graceful close waits for open requests: without ending the streams first it would wait out its 8 s and exit 1.
    expect(code).toBe(0)
    expect(at - signalled).toBeLessThan(5_000)
    await stream.ended
  })
})

describe('the web forwarder keeps any event stream uncompressed and unbuffered', () => {
  let backend: Server
  let target: string
  beforeAll(async () => {
    // A backend that says only `no-cache`, as many SSE servers do: the forwarder must still forbid transforming it.
    backend = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
      response.write('event: ready\ndata: {}\n\n')
    })
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
    target = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    backend.closeAllConnections()
    await new Promise((resolve) => backend.close(resolve))
  })

  it('marks it no-transform and X-Accel-Buffering: no, and passes the first event on before the stream ends', async () => {
    const controller = new AbortController()
    const request = new Request('http://localhost:3000/api/u/tasks/events', { signal: controller.signal })
    const response = await forwardRequest(request, { target, clientAddress: '127.0.0.1', logger: { warn: () => undefined } })
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform')
    expect(response.headers.get('x-accel-buffering')).toBe('no')
    const reader = response.body?.getReader()
    const first = await reader?.read()
    expect(new TextDecoder().decode(first?.value)).toContain('event: ready')
    controller.abort()
    await reader?.cancel().catch(() => undefined)
  })
})

describe('through next start', () => {
  let next: ChildService
  let limited: RunningService
  beforeAll(async () => {
    ensureWebBuild()
    limited = await startApi(auth.url, { EVENT_STREAM_MAX_PER_USER: '2' })
    running.push(limited)
    next = await spawnService('web', { AUTH_URL: auth.url, API_URL: limited.url })
  }, 300_000)
  afterAll(async () => {
    await next?.close()
  })

  it('streams events as they come, uncompressed, within 2 s, and a browser going away frees the api’s stream', async () => {
    const someone = await signUp(auth.url)
    const gzipped = { 'accept-encoding': 'gzip, deflate, br' }
    const streams = [await openEventStream(next.url, someone.userId, someone.cookie, gzipped), await openEventStream(next.url, someone.userId, someone.cookie, gzipped)]
    for (const stream of streams) {
      expect(stream.response.status).toBe(200)
      expect(stream.response.headers.get('content-encoding')).toBeNull()
      expect(stream.response.headers.get('cache-control')).toContain('no-transform')
      await stream.next((event) => event.event === 'ready')
    }
    const [stream] = streams
    if (!stream) throw new Error('no stream')
    const latencies: number[] = []
    for (let n = 0; n < 5; n++) {
      const { latencyMs } = await timeChange(stream, (task) => ({ kind: 'created', task_id: task.id }), () => apiCall(next.url, someone.cookie)('POST', `/api/${someone.userId}/tasks`, { title: `through next ${n}` }))
      latencies.push(latencyMs)
    }
    report('next-start', latencies)
    expect(Math.max(...latencies)).toBeLessThan(EVENT_BUDGET_MS)

    expect((await openEventStream(next.url, someone.userId, someone.cookie)).response.status).toBe(429)
    for (const open of streams) open.close()
    const reopened = await openEventually(() => openEventStream(next.url, someone.userId, someone.cookie), 200, 5_000)
    expect(reopened.response.status).toBe(200)
  })
})
