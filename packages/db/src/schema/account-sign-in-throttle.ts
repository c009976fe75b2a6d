import { bigint, integer, pgTable, varchar } from 'drizzle-orm/pg-core'

// Failed sign-ins per account, shared by every auth instance when there is no Redis (apps/auth/src/account-throttle.ts).
// The layout is the one rate-limiter-flexible's RateLimiterPostgres writes, column order included (it inserts with
// `VALUES ($1, $2, $3)`); the library is told the table exists, so no service creates tables at run time.
export const accountSignInThrottle = pgTable('account_sign_in_throttle', {
  key: varchar('key', { length: 255 }).primaryKey(),
  points: integer('points').notNull().default(0),
  /** Milliseconds since the epoch. */
  expire: bigint('expire', { mode: 'number' }),
})
