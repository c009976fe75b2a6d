import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuth } from '../../apps/auth/src/better-auth.ts'
import { createAccountMail } from '../../apps/auth/src/mail/account-mail.ts'
import { createAddressLimiter } from '../../apps/auth/src/mail/address-limiter.ts'
import { createDevOutboxTransport } from '../../apps/auth/src/mail/dev-outbox-transport.ts'
import { createMailer } from '../../apps/auth/src/mail/mailer.ts'
import { createResetLinks } from '../../apps/auth/src/mail/reset-links.ts'
import { insertPasskey } from '../support/passkey-rows.ts'
import { noteSecrets, serviceLogger } from '../support/service-logs.ts'
import { TRUSTED_ORIGIN, authTestConfig } from '../support/test-stack.ts'

/**
 * get-session is what every api request costs (docs/decisions/006-hot-path-trimmed.md). The two-factor and passkey
 * plugins add a column to the user and tables of their own, but no work to reading a session: it stays two SQL
 * statements (the session by its token, then its user), counted here on the connections auth's database pool hands
 * out, for a user without either and for one with both.
 */
let pool: pg.Pool
// The mail sent at sign-up (verification) goes through a pool of its own, so it is never counted as get-session's.
let mailPool: pg.Pool
let statements = 0
let auth: ReturnType<typeof createAuth>
beforeAll(() => {
  pool = new pg.Pool({ connectionString: authTestConfig().databaseUrl, max: 2 })
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    client.query = ((...args: unknown[]) => {
      statements++
      return query(...args)
    }) as typeof client.query
  })
  const config = authTestConfig({ RATE_LIMIT_ENABLED: 'false' })
  const logger = serviceLogger('auth')
  mailPool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 })
  const mailDb = drizzle({ client: mailPool })
  const accountMail = createAccountMail({
    webOrigin: config.baseUrl,
    mailer: createMailer({ transport: createDevOutboxTransport(mailDb), logger }),
    addressLimiter: createAddressLimiter({ settings: config.mail.perAddress, secret: config.secret, store: mailPool, logger }),
    resetLinks: createResetLinks(mailDb, async (identifier) => (await auth.$context).internalAdapter.deleteVerificationByIdentifier(identifier)),
    logger,
  })
  auth = createAuth({ config, db: drizzle({ client: pool }), logger, accountMail })
})
afterAll(async () => {
  await pool?.end()
  await mailPool?.end()
})

async function signedUp(): Promise<{ cookie: string; userId: string; password: string }> {
  const password = `pw-${crypto.randomUUID()}`
  noteSecrets(password)
  const response = await auth.api.signUpEmail({
    body: { email: `queries-${crypto.randomUUID()}@example.com`, password, name: 'Counted' },
    headers: new Headers({ origin: TRUSTED_ORIGIN }),
    asResponse: true,
  })
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('better-auth.session_token='))?.split(';')[0] ?? ''
  noteSecrets(cookie)
  return { cookie, userId: ((await response.json()) as { user: { id: string } }).user.id, password }
}

async function statementsPerGetSession(cookie: string, times = 20): Promise<number> {
  const headers = new Headers({ cookie })
  // Warm: the first call may prepare what later ones reuse.
  expect(await auth.api.getSession({ headers })).not.toBeNull()
  statements = 0
  for (let index = 0; index < times; index++) expect(await auth.api.getSession({ headers, query: { disableRefresh: true } })).not.toBeNull()
  return statements / times
}

describe('get-session with the two-factor and passkey plugins on', () => {
  it('reads a session in two statements, with or without two-factor and passkeys on the account', async () => {
    const plain = await signedUp()
    expect(await statementsPerGetSession(plain.cookie)).toBe(2)

    const equipped = await signedUp()
    await insertPasskey(pool, equipped.userId, 'Counted key')
    await pool.query('update "user" set two_factor_enabled = true where id = $1', [equipped.userId])
    expect(await statementsPerGetSession(equipped.cookie)).toBe(2)
  })
})
