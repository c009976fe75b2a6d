// Bare Better Auth, the bench's second anchor: Better Auth with its defaults on a node-postgres pool, mounted on Hono
// as Better Auth's Hono page shows it (https://www.better-auth.com/docs/integrations/hono), with nothing of Tasklane's
// in front or inside: no configuration loader, plugins, hooks, logging or migrations. Stock Better Auth
// (packages/test-kit/src/stock-auth.ts) is the other anchor: Tasklane's own Better Auth instance, served by the same
// `auth.handler`. bench/stack.ts starts this one against the database Tasklane's auth has already migrated.
import { serve } from '@hono/node-server'
import { betterAuth } from 'better-auth'
import { Hono } from 'hono'
import pg from 'pg'

const port = Number(required('AUTH_PORT'))

const auth = betterAuth({
  database: new pg.Pool({ connectionString: required('DATABASE_URL'), max: 10 }),
  emailAndPassword: { enabled: true },
  secret: required('BETTER_AUTH_SECRET'),
  baseURL: required('BETTER_AUTH_URL'),
  trustedOrigins: required('TRUSTED_ORIGINS').split(','),
  // Beyond the defaults, two things. Better Auth turns its rate limit on by itself under NODE_ENV=production (the
  // bench runs every service so), and get-session would then answer 429 after 100 requests per 10 s from one IP.
  rateLimit: { enabled: false },
  // And the column names (`fields` below). Tasklane's tables (packages/db/src/schema/auth.ts) have Better Auth's
  // table and field names but snake_case columns, which Tasklane's Drizzle adapter maps through that schema. On a
  // plain pool, Better Auth's Kysely adapter takes each field's name as its column's, so every camelCase field is
  // mapped here; without that it could not read the sessions Tasklane's sign-up wrote.
  session: {
    cookieCache: { enabled: false },
    fields: {
      expiresAt: 'expires_at',
      createdAt: 'created_at',
      updatedAt: 'updated_at',
      ipAddress: 'ip_address',
      userAgent: 'user_agent',
      userId: 'user_id',
    },
  },
  user: { fields: { emailVerified: 'email_verified', createdAt: 'created_at', updatedAt: 'updated_at' } },
  account: {
    fields: {
      accountId: 'account_id',
      providerId: 'provider_id',
      userId: 'user_id',
      accessToken: 'access_token',
      refreshToken: 'refresh_token',
      idToken: 'id_token',
      accessTokenExpiresAt: 'access_token_expires_at',
      refreshTokenExpiresAt: 'refresh_token_expires_at',
      createdAt: 'created_at',
      updatedAt: 'updated_at',
    },
  },
  verification: { fields: { expiresAt: 'expires_at', createdAt: 'created_at', updatedAt: 'updated_at' } },
})

const app = new Hono()
app.get('/health', (c) => c.json({ status: 'ok' }))
app.on(['GET', 'POST'], '/api/auth/*', (c) => auth.handler(c.req.raw))

serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => console.error(`bare Better Auth on 127.0.0.1:${port}`))
// Leaving through exit() rather than dying of the signal lets `node --cpu-prof` write its profile.
process.once('SIGTERM', () => process.exit(0))

function required(name: string): string {
  const value = process.env[name]
  if (!value) {
    console.error(`${name} is not set`)
    process.exit(1)
  }
  return value
}
