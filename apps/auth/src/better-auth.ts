import type { AuthConfig } from '@tasklane/config/auth'
import { BETTER_AUTH_COOKIES, cookieName } from '@tasklane/http/session-cookie'
import * as schema from '@tasklane/db/schema'
import type { Logger } from '@tasklane/logging'
import { betterAuth, type SecondaryStorage } from 'better-auth'
import { drizzleAdapter } from 'better-auth/adapters/drizzle'
import { isAPIError } from 'better-auth/api'
import { twoFactor } from 'better-auth/plugins'
import { passkey } from '@better-auth/passkey'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import { absoluteSessionLifetime } from './absolute-session-lifetime.ts'
import { displayName } from './display-name.ts'
import type { AccountMail } from './mail/account-mail.ts'
import { ownSessions } from './own-sessions.ts'
import { passkeyNameLimit } from './passkey-name-limit.ts'

/**
 * Account changes that cost no password hash (a new name, signing out other devices) but that a script could repeat
 * without end: per client IP and window, above what a person clicking ever needs.
 */
const ACCOUNT_CHANGES_PER_WINDOW = 10

/** The header auth's own middleware sets to the caller's IP; Better Auth reads only this one (see client-ip.ts). */
export const CLIENT_IP_HEADER = 'x-tasklane-client-ip'

export interface CreateAuthOptions {
  config: AuthConfig
  db: NodePgDatabase
  logger: Logger
  /** Better Auth secondary storage (Redis), when configured. */
  secondaryStorage?: SecondaryStorage
  /** The emails of the account flows (password reset, verification, change of address). */
  accountMail: AccountMail
  /** Told of every account whose password reset completed (its sign-in throttle and other reset links are forgotten). */
  onPasswordReset?: (user: { id: string; email: string }) => Promise<void>
}

/** Reset links and verification links work for one hour. */
const EMAIL_LINK_LIFETIME_SECONDS = 60 * 60

export function createAuth({ config, db, logger, secondaryStorage, accountMail, onPasswordReset }: CreateAuthOptions) {
  const signInRule = { window: config.rateLimit.window, max: config.rateLimit.signInMax }
  const accountChangeRule = { window: config.rateLimit.window, max: ACCOUNT_CHANGES_PER_WINDOW }
  return betterAuth({
    appName: 'Tasklane',
    baseURL: config.baseUrl,
    basePath: '/api/auth',
    secret: config.secret,
    trustedOrigins: config.trustedOrigins,
    database: drizzleAdapter(db, { provider: 'pg', schema }),
    ...(secondaryStorage ? { secondaryStorage } : {}),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
      // Also makes sign-up answer a taken address exactly as a new one (no session either way); the owner is emailed.
      requireEmailVerification: config.requireEmailVerification,
      onExistingUserSignUp: async ({ user }) => accountMail.existingAccountSignUp(user),
      resetPasswordTokenExpiresIn: EMAIL_LINK_LIFETIME_SECONDS,
      // Whoever reset the password may be the owner locking out someone who had it: every session ends.
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, token }) => accountMail.passwordReset(user, token),
      ...(onPasswordReset ? { onPasswordReset: ({ user }: { user: { id: string; email: string } }) => onPasswordReset(user) } : {}),
    },
    emailVerification: {
      sendOnSignUp: true,
      // The sign-in page offers "send the link again" instead: a refused sign-in sends nothing by itself.
      sendOnSignIn: false,
      // Following the link signs in a signed-out browser, once: a second use finds the address verified and does nothing.
      autoSignInAfterVerification: true,
      expiresIn: EMAIL_LINK_LIFETIME_SECONDS,
      sendVerificationEmail: async ({ user, token }) => accountMail.verification(user, token),
    },
    // With Redis, Better Auth keeps verification values only there; in PostgreSQL too, reset links can be found by user
    // and the older ones ended (mail/reset-links.ts).
    verification: { storeInDatabase: true },
    session: {
      expiresIn: config.session.expiresIn,
      updateAge: config.session.updateAge,
      // No cookie cache: a signed-out or revoked session must be refused on the very next request.
      cookieCache: { enabled: false },
      // With Redis, sessions are written to both and read from Redis first: turning Redis on signs nobody out,
      // because a session Redis has never seen is still found in PostgreSQL. PostgreSQL stays the one that says
      // whether a session is live: every copy read from Redis is checked against it (secondary-storage.ts).
      storeSessionInDatabase: true,
      // How recent a sign-in must be to delete the account without the password (delete-user). Better Auth's
      // list-sessions also requires it, which is why the settings page lists sessions with own-sessions.ts instead.
      freshAge: config.session.freshAge,
    },
    user: {
      // The link goes to the new address, and the change takes effect only when it is followed (mail/account-mail.ts).
      changeEmail: { enabled: true },
      // Deleting a user deletes its rows everywhere through the foreign keys (tasks, lists, sessions, accounts: ON
      // DELETE CASCADE); Better Auth deletes the sessions in secondary storage too.
      deleteUser: { enabled: true },
    },
    rateLimit: {
      // Better Auth enables it only in production unless told; Tasklane wants it everywhere.
      enabled: config.rateLimit.enabled,
      window: config.rateLimit.window,
      max: config.rateLimit.max,
      storage: config.rateLimit.storage,
      customRules: {
        '/sign-in/email': signInRule,
        '/sign-up/email': signInRule,
        '/change-password': signInRule,
        // Each checks a password (or can delete the account): as strict as sign-in.
        '/delete-user': signInRule,
        '/update-user': accountChangeRule,
        '/revoke-own-session': accountChangeRule,
        '/revoke-other-sessions': accountChangeRule,
        '/revoke-session': accountChangeRule,
        '/revoke-sessions': accountChangeRule,
        // A second factor is only worth its name if it cannot be guessed: six digits are a million codes, so every
        // code, backup code and password check here gets the sign-in budget (Better Auth's own lockout adds 5 tries per
        // challenge and 10 failures per account). Enabling and disabling check the password.
        '/two-factor/*': signInRule,
        // Each attempt is a signature check, and options create a challenge row: the sign-in budget too.
        '/passkey/verify-authentication': signInRule,
        '/passkey/generate-authenticate-options': signInRule,
        // Each sends an email or spends a token: per client as strict as sign-in; per address see mail/address-limiter.ts.
        '/request-password-reset': signInRule,
        '/reset-password': signInRule,
        '/send-verification-email': signInRule,
        '/verify-email': signInRule,
        '/change-email': signInRule,
      },
    },
    advanced: {
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      ...hostPrefixedCookies(config.baseUrl),
    },
    plugins: [
      absoluteSessionLifetime(config.session.absoluteLifetime),
      displayName(),
      ownSessions(),
      passkeyNameLimit(),
      passkey({ rpID: config.passkey.rpId, rpName: config.passkey.rpName, origin: config.passkey.origins }),
      // Codes from an authenticator app; the secret and the backup codes are stored encrypted with the auth secret.
      twoFactor({ issuer: 'Tasklane', backupCodeOptions: { amount: 10, length: 10 } }),
    ],
    telemetry: { enabled: false },
    logger: {
      level: 'warn',
      // Only the message: arguments can carry request data, and the message is what tells an operator what broke.
      log: (level, message) => logger[level === 'debug' ? 'debug' : level]({ component: 'better-auth' }, message),
    },
    onAPIError: {
      // Without this, Better Auth prints every refused request's message to stderr with its own console logger, past the
      // one above (node_modules/better-auth/dist/api/index.mjs, `onError`). A refusal is the client's mistake: debug.
      onError: (error) => {
        if (isAPIError(error) && error.status !== 'INTERNAL_SERVER_ERROR') {
          logger.debug({ component: 'better-auth', status: error.status }, error.message)
        } else {
          logger.error({ component: 'better-auth', err: error }, 'Better Auth endpoint failed')
        }
      },
    },
  })
}

export type Auth = ReturnType<typeof createAuth>

/**
 * Over https every cookie is `__Host-`-prefixed (packages/http/src/session-cookie.ts says why). Better Auth can only
 * prefix names with `__Secure-`, so its prefixing is turned off and the names are given whole, with `Secure` set
 * on every cookie by hand; its defaults already give `Path=/` and no `Domain`. It reads cookies by these exact names,
 * so an unprefixed or `__Secure-` cookie is never accepted in place of the `__Host-` one.
 */
function hostPrefixedCookies(baseUrl: string) {
  if (new URL(baseUrl).protocol !== 'https:') return {}
  return {
    useSecureCookies: false,
    defaultCookieAttributes: { secure: true },
    cookies: Object.fromEntries(BETTER_AUTH_COOKIES.map((cookie) => [cookie, { name: cookieName(cookie, { secure: true }) }])),
  }
}
