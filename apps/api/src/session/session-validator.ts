import pRetry from 'p-retry'
import { Agent, type Dispatcher, request } from 'undici'
import { z } from 'zod'
import { AppError } from '../errors/app-error.ts'

export interface ValidatedSession {
  userId: string
  sessionId: string
  /** Who the user is, as auth answered it; absent when auth's answer lacked any of these fields. */
  profile?: UserProfile
}

export interface UserProfile {
  name: string
  email: string
  emailVerified: boolean
  createdAt: string
}

export interface SessionCheck {
  /** `null` when auth says there is no valid session (its `200 null`). */
  session: ValidatedSession | null
  /** Refresh or clearing cookies from auth; they must reach the browser or an active user is signed out. */
  setCookies: string[]
}

export interface SessionValidator {
  /** Asks auth who this is. Throws `AUTH_UNAVAILABLE` when auth cannot give a trustworthy answer in time. */
  validate(input: { cookie: string; requestId?: string; deferRefresh?: boolean }): Promise<SessionCheck>
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
// Read apart from the session itself: a caller that needs none of it is never refused over it.
const userProfile = z.object({
  user: z.object({ name: z.string(), email: z.string(), emailVerified: z.boolean(), createdAt: z.iso.datetime({ offset: true }) }),
})

// Retried: failures to reach auth at all, or a reused keep-alive socket that auth had just closed, before any
// response arrived. Never a timeout (auth may be stuck; retrying would only wait longer), never an HTTP
// status (auth answered), never a failure mid-body (the session may already have been refreshed).
const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH'])
const isConnectionError = (error: unknown) => CONNECTION_ERROR_CODES.has(String((error as { code?: unknown }).code))

export const AUTH_RETRY_AFTER_SECONDS = 2

export function createSessionValidator({ authUrl, timeoutMs, dispatcher }: SessionValidatorOptions): SessionValidator {
  // Keep-alive below auth's own 5 s idle timeout, so we rarely reuse a socket auth is closing.
  const agent = dispatcher ?? new Agent({ connections: 128, keepAliveTimeout: 4_000, connectTimeout: timeoutMs })
  const url = `${authUrl}/api/auth/get-session`

  return {
    async validate({ cookie, requestId, deferRefresh = false }) {
      const headers: Record<string, string> = { cookie, accept: 'application/json' }
      if (requestId) headers['x-request-id'] = requestId
      let status: number
      let text: string
      let setCookie: string | string[] | undefined
      try {
        const signal = AbortSignal.timeout(timeoutMs)
        const response = await pRetry(
          () => request(deferRefresh ? `${url}?disableRefresh=true` : url, { method: 'GET', headers, dispatcher: agent, signal, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }),
          { retries: 2, minTimeout: 20, maxTimeout: 200, signal, shouldRetry: ({ error }) => isConnectionError(error) },
        )
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
      const profile = userProfile.safeParse(body)
      const session: ValidatedSession = { userId: parsed.data.user.id, sessionId: parsed.data.session.id }
      if (profile.success) session.profile = profile.data.user
      return { session, setCookies }
    },
    async close() {
      if (!dispatcher) await agent.close()
    },
  }
}

function unavailable(reason: string, cause?: unknown): AppError {
  return new AppError('AUTH_UNAVAILABLE', { retryAfter: AUTH_RETRY_AFTER_SECONDS, cause: cause ?? new Error(reason), detail: null })
}
