import { createHmac } from 'node:crypto'
import type { AuthConfig } from '@tasklane/config/auth'
import type { createPool } from '@tasklane/db/pool'
import { accountSignInThrottle } from '@tasklane/db/schema'
import { errorBody } from '@tasklane/http/error-body'
import { type Logger, maskEmail } from '@tasklane/logging'
import { getTableName } from 'drizzle-orm'
import { type RateLimiterAbstract, RateLimiterPostgres, RateLimiterRes, RLWrapperTimeouts } from 'rate-limiter-flexible'

export type AccountThrottleSettings = AuthConfig['accountThrottle']

/**
 * Where the counts live: PostgreSQL, which every auth instance shares, in a table made by a migration. Not Redis even
 * when auth has one: sign-in keeps working through a Redis outage (apps/auth/src/secondary-storage.ts), and a count
 * kept in Redis would then either refuse every sign-in or start again from zero.
 */
export type AccountThrottleStore = ReturnType<typeof createPool>

export interface AccountThrottle {
  /**
   * Runs one sign-in attempt for `email` under the account's throttle. Refused before `attempt` runs (so no password
   * is hashed) with 429 while the account waits out its backoff or another attempt for it is running, and with 503
   * when the store cannot be reached. Otherwise its outcome is recorded: a 401 counts, a success clears the count.
   */
  signIn(email: string, requestId: string, attempt: () => Promise<Response>): Promise<Response>
  /** Forgets the account's failures and any wait; failures to reach the store are logged, never thrown. */
  clear(email: string): Promise<void>
}

/**
 * How long one attempt holds the account: attempts for the same account run one at a time, so a burst of parallel
 * guesses cannot all slip past the count before the first of them is recorded. Longer than a password check takes on a
 * loaded machine; it only matters if the process dies mid-attempt.
 */
const ATTEMPT_HOLD_SECONDS = 5
/** A store that does not answer in this time counts as unreachable. */
const STORE_TIMEOUT_MS = 2_000
const UNAVAILABLE_RETRY_AFTER_SECONDS = 2
const FAILURES_PREFIX = 'tasklane:auth:sign-in-failures'
const GATE_PREFIX = 'tasklane:auth:sign-in-gate'

/**
 * Seconds the account must wait before its next attempt, after `failures` failed sign-ins: none while free, then the
 * base delay, doubled for each further failure, never more than the cap.
 */
export function signInWait(failures: number, { freeFailures, baseDelay, maxDelay }: AccountThrottleSettings): number {
  if (failures < freeFailures) return 0
  const doublings = failures - freeFailures
  // 2 ** 1024 is Infinity: past ~50 doublings every realistic cap has long been reached.
  return doublings > 50 ? maxDelay : Math.min(baseDelay * 2 ** doublings, maxDelay)
}

/** The same account however the address is typed: Better Auth looks users up lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** Whole seconds, rounded up and at least 1, so a client that waits that long finds the wait over. */
export function retryAfterSeconds(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000))
}

/**
 * Per-account sign-in throttle, after rate-limiter-flexible's login-endpoint protection: `failures` counts failed
 * sign-ins per account for `failureWindow` seconds from the first; `gate` is the account's turn to try, held while
 * one attempt runs and blocked for the backoff after a failure past the free ones. Keyed by an HMAC of the
 * normalised email, so the store holds no addresses and every key has the same length whatever a client sends.
 * Known and unknown addresses are treated alike: nothing here looks the account up.
 */
export function createAccountThrottle({
  settings,
  secret,
  store,
  logger,
}: {
  settings: AccountThrottleSettings
  secret: string
  store: AccountThrottleStore
  logger: Logger
}): AccountThrottle {
  const failures = limiter(store, { keyPrefix: FAILURES_PREFIX, points: settings.freeFailures, duration: settings.failureWindow }, true)
  // One point: the attempt holding the gate. A block raises it past one, so any consume is refused until it expires.
  const gate = limiter(store, { keyPrefix: GATE_PREFIX, points: 1, duration: ATTEMPT_HOLD_SECONDS }, false)
  const keyOf = (email: string) => createHmac('sha256', secret).update(`sign-in:${normaliseEmail(email)}`).digest('hex')

  async function record(key: string, email: string, status: number): Promise<void> {
    if (status >= 200 && status < 300) {
      await Promise.all([failures.delete(key), gate.delete(key)])
      return
    }
    if (status !== 401) {
      await gate.delete(key)
      return
    }
    const { consumedPoints } = await failures.penalty(key)
    const wait = signInWait(consumedPoints, settings)
    if (wait === 0) {
      await gate.delete(key)
      return
    }
    await gate.block(key, wait)
    logger.warn({ email: maskEmail(email), failures: consumedPoints, waitSeconds: wait }, 'account sign-in throttled')
  }

  return {
    async signIn(email, requestId, attempt) {
      const key = keyOf(email)
      try {
        // A read first: while an account waits, each refused attempt costs the store no write.
        const waiting = await gate.get(key)
        if (waiting !== null) return tooManyAttempts(requestId, waiting.msBeforeNext)
        await gate.consume(key, 1, { customDuration: ATTEMPT_HOLD_SECONDS })
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) return tooManyAttempts(requestId, refusal.msBeforeNext)
        logger.warn({ err: refusal }, 'account sign-in throttle unreachable: sign-in refused')
        return unavailable(requestId)
      }

      let response: Response
      try {
        response = await attempt()
      } catch (error) {
        await gate.delete(key).catch(() => {})
        throw error
      }
      try {
        await record(key, email, response.status)
      } catch (error) {
        logger.warn({ err: error, status: response.status }, 'account sign-in throttle could not record an attempt')
        // A failure that was not counted must not tell its answer either: the guess is wasted, not free.
        if (response.status === 401) return unavailable(requestId)
      }
      return response
    },

    async clear(email) {
      const key = keyOf(email)
      try {
        await Promise.all([failures.delete(key), gate.delete(key)])
      } catch (error) {
        logger.warn({ err: error, email: maskEmail(email) }, 'account sign-in throttle could not be cleared')
      }
    },
  }
}

function limiter(
  store: AccountThrottleStore,
  options: { keyPrefix: string; points: number; duration: number },
  clearExpired: boolean,
): RateLimiterAbstract {
  const inStore = new RateLimiterPostgres({
    ...options,
    storeClient: store,
    storeType: 'pool',
    tableName: getTableName(accountSignInThrottle),
    tableCreated: true,
    // Deletes rows that expired an hour ago, every five minutes; one of the two limiters sharing the table is enough.
    clearExpiredByTimeout: clearExpired,
  })
  // Fail closed, and soon: a store that hangs must not hold sign-in open (no insurance limiter on purpose).
  return new RLWrapperTimeouts({ limiter: inStore, timeoutMs: STORE_TIMEOUT_MS })
}

function tooManyAttempts(requestId: string, msBeforeNext: number): Response {
  const seconds = retryAfterSeconds(msBeforeNext)
  return Response.json(
    errorBody(requestId, 'TOO_MANY_SIGN_IN_ATTEMPTS', 'Too many sign-in attempts for this account; try again later.', { retry_after_seconds: seconds }),
    { status: 429, headers: { 'retry-after': String(seconds) } },
  )
}

function unavailable(requestId: string): Response {
  return Response.json(errorBody(requestId, 'SIGN_IN_UNAVAILABLE', 'Sign-in is not available right now; try again shortly.'), {
    status: 503,
    headers: { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
  })
}
