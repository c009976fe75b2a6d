import { createHmac } from 'node:crypto'
import type { createPool } from '@tasklane/db/pool'
import { accountSignInThrottle } from '@tasklane/db/schema'
import { type Logger, maskEmail } from '@tasklane/logging'
import { getTableName } from 'drizzle-orm'
import { RateLimiterPostgres, RateLimiterRes, RLWrapperTimeouts } from 'rate-limiter-flexible'
import { normaliseEmail } from '../account-throttle.ts'

export interface AddressLimiter {
  /** Counts one email to `email`; false once the address has had its share for the window. */
  allow(email: string): Promise<boolean>
}

const STORE_TIMEOUT_MS = 2_000
const PREFIX = 'tasklane:auth:mail-per-address'

/**
 * How many account emails (reset links, verification links, "someone tried to sign up") one address may be sent per
 * window, whoever asks and from wherever: the per-client rate limit alone would let many clients flood one inbox.
 * Counted in PostgreSQL beside the sign-in throttle, keyed by an HMAC of the normalised address, known or not alike.
 * A store that cannot be reached lets the email go: refusing would only stop mail the owner may be waiting for.
 */
export function createAddressLimiter({
  settings,
  secret,
  store,
  logger,
}: {
  settings: { max: number; window: number }
  secret: string
  store: ReturnType<typeof createPool>
  logger: Logger
}): AddressLimiter {
  const limiter = new RLWrapperTimeouts({
    limiter: new RateLimiterPostgres({
      keyPrefix: PREFIX,
      points: settings.max,
      duration: settings.window,
      storeClient: store,
      storeType: 'pool',
      tableName: getTableName(accountSignInThrottle),
      tableCreated: true,
      // The sign-in throttle already clears expired rows of this table.
      clearExpiredByTimeout: false,
    }),
    timeoutMs: STORE_TIMEOUT_MS,
  })
  return {
    async allow(email) {
      const key = createHmac('sha256', secret).update(`mail:${normaliseEmail(email)}`).digest('hex')
      try {
        await limiter.consume(key)
        return true
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) {
          logger.info({ to: maskEmail(email) }, 'account email not sent: the address had its share for now')
          return false
        }
        logger.warn({ err: refusal }, 'per-address mail limit unreachable: email sent anyway')
        return true
      }
    },
  }
}
