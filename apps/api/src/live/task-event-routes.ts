import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { isBetterAuthCookie } from '@tasklane/http/session-cookie'
import type { Logger } from '@tasklane/logging'
import { streamSSE } from 'hono/streaming'
import type { ApiEnv } from '../api-env.ts'
import { refusal } from '../errors/error-responses.ts'
import type { SessionValidator } from '../session/session-validator.ts'
import { tasksParams } from '../tasks/task-schemas.ts'
import type { EventStreamHub, LiveEvent } from './event-stream-hub.ts'

/** A comment line every so often, so proxies and load balancers do not take a quiet stream for a dead one. */
export const HEARTBEAT_MS = 15_000
/** What the browser's EventSource waits before reconnecting after the stream ends (the SSE `retry` field). */
export const RECONNECT_MS = 2_000
/** How long a new stream waits for this process to be listening before saying `ready` anyway (it is resynced later). */
const LISTEN_WAIT_MS = 2_000
/** Writes a client has not read yet; past this it is not reading at all, and its stream is cut. */
const MAX_PENDING_WRITES = 64

export const taskEvents = createRoute({
  method: 'get',
  path: '/events',
  tags: ['tasks'],
  summary: 'Live updates: a Server-Sent Events stream of changes to your tasks',
  description:
    'Opens with `event: ready` once changes reach the stream. Then `event: change` with `{"user_id","kind","task_id"?,"list_id"?}` for every write to your tasks or your lists (kinds `list_created`, `list_renamed`, `list_moved`, `list_deleted`), made through any api instance (never their content: fetch what changed), and `event: resync` when changes may have been missed (fetch everything again). A comment line arrives every 15 s. The session is checked with auth again while the stream is open; once it is signed out, expired or cannot be checked, the stream ends, and reopening it is refused.',
  security: [{ session: [] }],
  request: { params: tasksParams },
  responses: {
    200: {
      description: 'The stream, open until the session ends or either side closes it',
      content: { 'text/event-stream': { schema: z.string().openapi({ example: 'event: change\ndata: {"user_id":"…","kind":"created","task_id":"…"}\n\n' }) } },
    },
    401: refusal('UNAUTHENTICATED'),
    403: refusal('FORBIDDEN'),
    429: refusal('TOO_MANY_EVENT_STREAMS'),
    500: refusal('INTERNAL_ERROR'),
    503: refusal('AUTH_UNAVAILABLE', 'EVENT_STREAMS_FULL'),
  },
})

export const LIVE_ROUTES = [taskEvents] as const

export interface TaskEventOptions {
  hub: EventStreamHub
  sessionValidator: SessionValidator
  /** Whether this process is LISTENing (task-change-listener.ts), waiting up to `timeoutMs`. */
  listening(timeoutMs: number): Promise<boolean>
  /** The longest time between two checks of an open stream's session with auth. */
  revalidateMs: number
  heartbeatMs?: number
  logger: Pick<Logger, 'debug'>
}

// `no-transform`: no proxy may compress or otherwise rework the stream (a compressor buffers it: Next's `compress` skips
// such answers). `X-Accel-Buffering: no`: nginx passes it on as it comes.
const STREAM_HEADERS = { 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' } as const

/**
 * `GET /api/{userId}/tasks/events`, mounted before the tasks routes so `events` is never taken for a task id.
 * `requireSession` and `requireOwner` (create-app.ts) have checked the request; the stream then lives as long as auth
 * keeps saying yes: every `revalidateMs` it asks again, with the same cookie, as `requireSession` would (and without
 * a sliding refresh, whose Set-Cookie could not reach the browser mid-stream). No session, another session, or no
 * answer from auth (fail closed) ends the stream, and it gets no event after that.
 */
export function taskEventRoutes({ hub, sessionValidator, listening, revalidateMs, heartbeatMs = HEARTBEAT_MS, logger }: TaskEventOptions) {
  return new OpenAPIHono<ApiEnv>().openapi(taskEvents, (c) => {
    // Hono answers HEAD with the GET handler and drops the body: a stream opened for it would have no reader.
    if (c.req.method === 'HEAD') return c.body(null, 200, { 'content-type': 'text/event-stream', ...STREAM_HEADERS })

    const { userId, sessionId } = c.var.session
    const requestId = c.var.requestId
    const cookie = (c.req.header('cookie') ?? '')
      .split(';')
      .map((pair) => pair.trim())
      .filter(isBetterAuthCookie)
      .join('; ')
    const place = hub.reserve(userId)

    const response = streamSSE(c, async (stream) => {
      let finished = false
      let pendingWrites = 0
      // Started once the stream is ready; `finish` may run before that.
      let heartbeat: NodeJS.Timeout | undefined = undefined
      let revalidation: NodeJS.Timeout | undefined
      let ended!: () => void
      const done = new Promise<void>((resolve) => (ended = resolve))

      const finish = (reason: string) => {
        if (finished) return
        finished = true
        place.release()
        clearInterval(heartbeat)
        clearTimeout(revalidation)
        logger.debug({ reqId: requestId, userId, reason, openStreams: hub.size }, 'event stream ended')
        ended()
      }
      // Never awaited: one slow client must not hold up the others' events.
      const send = (text: string) => {
        if (finished) return
        if (pendingWrites >= MAX_PENDING_WRITES) {
          finish('client not reading')
          stream.abort()
          return
        }
        pendingWrites++
        void stream.write(text).then(() => pendingWrites--)
      }

      stream.onAbort(() => finish('client went away'))
      place.attach({ deliver: (event) => send(format(event)), end: () => finish('server shutting down') })

      const revalidate = async () => {
        const started = performance.now()
        let ending: string | undefined
        try {
          const { session } = await sessionValidator.validate({ cookie, requestId, deferRefresh: true })
          if (session?.userId !== userId || session.sessionId !== sessionId) ending = 'session ended'
        } catch {
          ending = 'auth unavailable'
        }
        if (ending) finish(ending)
        else if (!finished) revalidation = setTimeout(() => void revalidate(), Math.max(0, revalidateMs - (performance.now() - started)))
      }
      // The first check comes somewhere in the second half of the interval: streams opened together (a deploy, a
      // network blip) are then checked spread out, not all in the same second.
      revalidation = setTimeout(() => void revalidate(), revalidateMs * (0.5 + Math.random() / 2))

      await listening(LISTEN_WAIT_MS)
      if (finished) return
      send(`retry: ${RECONNECT_MS}\nevent: ready\ndata: {}\n\n`)
      heartbeat = setInterval(() => send(': heartbeat\n\n'), heartbeatMs)
      await done
    })
    for (const [name, value] of Object.entries(STREAM_HEADERS)) response.headers.set(name, value)
    return response
  })
}

function format(event: LiveEvent): string {
  return event.type === 'change' ? `event: change\ndata: ${JSON.stringify(event.change)}\n\n` : 'event: resync\ndata: {}\n\n'
}
