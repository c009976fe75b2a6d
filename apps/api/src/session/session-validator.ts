import { Agent, type Dispatcher, RetryAgent, request } from 'undici'
import { z } from 'zod'
import { AppError } from '../errors/app-error.ts'

export interface ValidatedSession {
  userId: string
  sessionId: string
}

export interface SessionCheck {
  /** `null` when auth says there is no valid session (its `200 null`). */
  session: ValidatedSession | null
  /** Refresh or clearing cookies from auth; they must reach the browser or an active user is signed out. */
  setCookies: string[]
}

export interface SessionValidator {
  /** Asks auth who this is. Throws `AUTH_UNAVAILABLE` when auth cannot give a trustworthy answer in time. */
  validate(input: { cookie: string; requestId?: string }): Promise<SessionCheck>
  close(): Promise<void>
}

export interface SessionValidatorOptions {
  authUrl: string
  /** The whole budget, retries included: past it the caller gets 503, never a hang. */
  timeoutMs: number
  /** Tests may pass their own; production builds a keep-alive agent. */
  dispatcher?: Dispatcher
}

// Only what the api relies on is checked; anything else Better Auth adds passes through unread.
const sessionResponse = z.object({
  session: z.object({ id: z.string().min(1), userId: z.string().min(1) }),
  user: z.object({ id: z.string().min(1) }),
})

// Retried: failures to reach auth at all, or a reused keep-alive socket that auth had just closed. Never a
// timeout (auth may be stuck; retrying would only wait longer) and never an HTTP status (auth answered).
const CONNECTION_ERROR_CODES = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']

export const AUTH_RETRY_AFTER_SECONDS = 2

export function createSessionValidator({ authUrl, timeoutMs, dispatcher }: SessionValidatorOptions): SessionValidator {
  const agent =
    dispatcher ??
    new RetryAgent(new Agent({ connections: 128, keepAliveTimeout: 4_000, connectTimeout: timeoutMs }), {
      maxRetries: 2,
      minTimeout: 20,
      maxTimeout: 200,
      timeoutFactor: 2,
      methods: ['GET'],
      statusCodes: [],
      errorCodes: CONNECTION_ERROR_CODES,
    })
  const url = new URL('/api/auth/get-session', authUrl)

  return {
    async validate({ cookie, requestId }) {
      const headers: Record<string, string> = { cookie, accept: 'application/json' }
      if (requestId) headers['x-request-id'] = requestId
      let status: number
      let text: string
      let setCookie: string | string[] | undefined
      try {
        const response = await request(url, {
          method: 'GET',
          headers,
          dispatcher: agent,
          signal: AbortSignal.timeout(timeoutMs),
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        })
        status = response.statusCode
        setCookie = response.headers['set-cookie']
        text = await response.body.text()
      } catch (error) {
        throw unavailable('auth did not answer in time', error)
      }
      if (status !== 200) throw unavailable(`auth answered ${status}`)
      const setCookies = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie]
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch (error) {
        throw unavailable('auth answered something that is not JSON', error)
      }
      if (body === null) return { session: null, setCookies }
      const parsed = sessionResponse.safeParse(body)
      if (!parsed.success || parsed.data.session.userId !== parsed.data.user.id) {
        throw unavailable('auth answered something that is not a session')
      }
      return { session: { userId: parsed.data.user.id, sessionId: parsed.data.session.id }, setCookies }
    },
    async close() {
      if (!dispatcher) await agent.close()
    },
  }
}

function unavailable(reason: string, cause?: unknown): AppError {
  return new AppError('AUTH_UNAVAILABLE', { retryAfter: AUTH_RETRY_AFTER_SECONDS, cause: cause ?? new Error(reason), detail: null })
}
