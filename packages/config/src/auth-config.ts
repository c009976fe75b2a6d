import { z } from 'zod'
import { resolveDataDir } from './data-dir.ts'
import { databaseFields, embeddedDatabaseUrl } from './database-config.ts'
import { readOrCreateDevSecret } from './dev-secret.ts'
import { booleanFlag, type Env, loadConfig, type logLevel, originList, port, positiveInt, serviceFields } from './load-config.ts'
import { trustedProxyList } from './trusted-proxies.ts'

const DAY = 24 * 60 * 60
const DEFAULT_WEB_ORIGIN = 'http://localhost:3000'
const IP_ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|\[[\da-f:.]+\])$/i

const authEnv = z
  .object({
    ...serviceFields,
    AUTH_PORT: port(3001).describe('the port the auth service listens on'),
    BETTER_AUTH_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters')
      .optional()
      .describe('generate one with `openssl rand -base64 32`; every auth instance needs the same value'),
    BETTER_AUTH_URL: z
      .url()
      .optional()
      .describe('the public origin the browser uses, e.g. https://tasks.example.com (the web app that forwards /api/auth/*)'),
    TRUSTED_ORIGINS: originList('http://localhost:3000').describe('comma-separated origins allowed to call auth with cookies'),
    // Loopback by default: the web server on the same host forwards every browser request from there. A value replaces
    // the default, so keep 127.0.0.0/8,::1 in it while the web server runs beside auth.
    TRUSTED_PROXIES: trustedProxyList('127.0.0.0/8,::1').describe(
      'comma-separated addresses or CIDR ranges of what forwards to auth (the web server, a proxy), e.g. 127.0.0.0/8,::1,10.0.0.0/24; the client is the rightmost X-Forwarded-For hop not in this list; default 127.0.0.0/8,::1, which a value replaces',
    ),
    TASKLANE_DATA_DIR: z.string().optional().describe('folder for the embedded database and the development secret'),
    SESSION_EXPIRES_IN: positiveInt(7 * DAY).describe('session lifetime in seconds'),
    SESSION_UPDATE_AGE: positiveInt(DAY).describe('seconds after which a used session is extended (sliding expiry)'),
    SESSION_ABSOLUTE_LIFETIME: positiveInt(30 * DAY).describe('seconds after sign-in when a session ends however active it is'),
    SESSION_FRESH_AGE: positiveInt(10 * 60).describe('seconds after sign-in during which the account can be deleted without typing the password again'),
    RATE_LIMIT_ENABLED: booleanFlag(true).describe('true or false'),
    RATE_LIMIT_WINDOW: positiveInt(10).describe('rate-limit window in seconds'),
    RATE_LIMIT_MAX: positiveInt(100).describe('requests per window per client IP and path'),
    RATE_LIMIT_SIGN_IN_MAX: positiveInt(5).describe('sign-in and sign-up attempts per window per client IP'),
    RATE_LIMIT_STORAGE: z
      .enum(['memory', 'database', 'secondary-storage'])
      .optional()
      .describe('memory (one instance), database or secondary-storage (shared by every instance); default: secondary-storage with REDIS_URL, else memory'),
    REDIS_URL: z
      .string()
      .refine((value) => /^rediss?:\/\//.test(value), 'must be a redis:// or rediss:// URL')
      .optional()
      .describe('Redis for Better Auth secondary storage (sessions and rate limits), e.g. redis://127.0.0.1:6379; off when unset'),
    ACCOUNT_SIGN_IN_FREE_FAILURES: positiveInt(10).describe('failed sign-ins one account may have before its next attempt must wait'),
    ACCOUNT_SIGN_IN_BASE_DELAY: positiveInt(30).describe('seconds the first throttled sign-in of an account waits; each further failure doubles it'),
    ACCOUNT_SIGN_IN_MAX_DELAY: positiveInt(900).describe('the longest wait in seconds between sign-in attempts for one account'),
    ACCOUNT_SIGN_IN_FAILURE_WINDOW: positiveInt(DAY).describe("seconds after an account's first failed sign-in when its count is forgotten"),
    SMTP_URL: z
      .string()
      .refine((value) => /^smtps?:\/\/[^/]/.test(value), 'must be an smtp:// or smtps:// URL')
      .optional()
      .describe('the mail server, e.g. smtps://user:password@smtp.example.com:465; unset outside production: mail goes to the dev outbox (/dev/outbox)'),
    MAIL_FROM: z
      .string()
      .refine((value) => /^[^\r\n]*@[^\r\n]*$/.test(value), 'must be an address, e.g. Tasklane <no-reply@example.com>')
      .optional()
      .describe('the sender of every email, e.g. Tasklane <no-reply@tasks.example.com>'),
    REQUIRE_EMAIL_VERIFICATION: z
      .enum(['true', 'false', '1', '0'])
      .optional()
      .transform((value) => (value === undefined ? undefined : value === 'true' || value === '1'))
      .describe('true or false: refuse sign-in until the address is verified; default true when NODE_ENV=production, else false'),
    MAIL_PER_ADDRESS_MAX: positiveInt(3).describe('password-reset and verification emails one address may be sent per MAIL_PER_ADDRESS_WINDOW'),
    MAIL_PER_ADDRESS_WINDOW: positiveInt(15 * 60).describe('seconds over which MAIL_PER_ADDRESS_MAX is counted'),
    ...databaseFields,
  })
  .superRefine((env, ctx) => {
    if (env.RATE_LIMIT_STORAGE === 'secondary-storage' && !env.REDIS_URL) {
      ctx.addIssue({ code: 'custom', path: ['RATE_LIMIT_STORAGE'], message: 'secondary-storage needs REDIS_URL' })
    }
    if (env.ACCOUNT_SIGN_IN_MAX_DELAY < env.ACCOUNT_SIGN_IN_BASE_DELAY) {
      ctx.addIssue({ code: 'custom', path: ['ACCOUNT_SIGN_IN_MAX_DELAY'], message: 'must be at least ACCOUNT_SIGN_IN_BASE_DELAY' })
    }
    if (env.ACCOUNT_SIGN_IN_FAILURE_WINDOW < env.ACCOUNT_SIGN_IN_MAX_DELAY) {
      ctx.addIssue({ code: 'custom', path: ['ACCOUNT_SIGN_IN_FAILURE_WINDOW'], message: 'must be at least ACCOUNT_SIGN_IN_MAX_DELAY, or the wait never reaches its cap' })
    }
    const webOrigin = passkeyOriginProblem(env.BETTER_AUTH_URL ?? env.TRUSTED_ORIGINS[0] ?? DEFAULT_WEB_ORIGIN)
    if (webOrigin) ctx.addIssue({ code: 'custom', path: [env.BETTER_AUTH_URL ? 'BETTER_AUTH_URL' : 'TRUSTED_ORIGINS'], message: webOrigin })
    if (env.SMTP_URL && !env.MAIL_FROM) ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'is required with SMTP_URL' })
    if (env.NODE_ENV !== 'production') return
    // Password reset and email verification are always on, so production always sends mail, and only SMTP sends it.
    for (const key of ['BETTER_AUTH_SECRET', 'BETTER_AUTH_URL', 'DATABASE_URL', 'SMTP_URL', 'MAIL_FROM'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when NODE_ENV=production' })
    }
  })

export interface AuthConfig {
  nodeEnv: 'development' | 'production' | 'test'
  host: string
  port: number
  secret: string
  baseUrl: string
  trustedOrigins: string[]
  /** Addresses and CIDR ranges whose X-Forwarded-For hops auth believes (apps/auth/src/client-ip.ts). */
  trustedProxies: string[]
  databaseUrl: string
  databasePoolMax: number
  dataDir: string
  session: { expiresIn: number; updateAge: number; absoluteLifetime: number; freshAge: number }
  /**
   * WebAuthn's relying party, from the web origin (`baseUrl`): its host name is the RP ID a passkey is bound to, and
   * the origins are the pages whose ceremonies auth accepts (the web origin, and any trusted origin on the same host
   * or a subdomain of it; a passkey made for one host name never works on another).
   */
  passkey: { rpId: string; rpName: string; origins: string[] }
  rateLimit: { enabled: boolean; window: number; max: number; signInMax: number; storage: 'memory' | 'database' | 'secondary-storage' }
  redisUrl: string | undefined
  /** Per-account sign-in throttle (apps/auth/src/account-throttle.ts); every duration in seconds. */
  accountThrottle: { freeFailures: number; baseDelay: number; maxDelay: number; failureWindow: number }
  /** SMTP in production (and wherever SMTP_URL is set); elsewhere the dev outbox, a table shown at /dev/outbox. */
  mail: { transport: { kind: 'smtp'; url: string; from: string } | { kind: 'dev-outbox' }; perAddress: { max: number; window: number } }
  /** Sign-in refused until the address is verified (and sign-up answers alike for new and taken addresses). */
  requireEmailVerification: boolean
  logLevel: z.infer<typeof logLevel>
}

export function loadAuthConfig(env: Env): AuthConfig {
  const parsed = loadConfig('auth', authEnv, env)
  const dataDir = resolveDataDir(parsed.TASKLANE_DATA_DIR)
  const baseUrl = parsed.BETTER_AUTH_URL ?? parsed.TRUSTED_ORIGINS[0] ?? DEFAULT_WEB_ORIGIN
  return {
    nodeEnv: parsed.NODE_ENV,
    host: parsed.HOST,
    port: parsed.AUTH_PORT,
    secret: parsed.BETTER_AUTH_SECRET ?? readOrCreateDevSecret(dataDir),
    baseUrl,
    trustedOrigins: parsed.TRUSTED_ORIGINS,
    trustedProxies: parsed.TRUSTED_PROXIES,
    databaseUrl: parsed.DATABASE_URL ?? embeddedDatabaseUrl(),
    databasePoolMax: parsed.DATABASE_POOL_MAX,
    dataDir,
    session: { expiresIn: parsed.SESSION_EXPIRES_IN, updateAge: parsed.SESSION_UPDATE_AGE, absoluteLifetime: parsed.SESSION_ABSOLUTE_LIFETIME, freshAge: parsed.SESSION_FRESH_AGE },
    passkey: passkeyRelyingParty(baseUrl, parsed.TRUSTED_ORIGINS),
    rateLimit: {
      enabled: parsed.RATE_LIMIT_ENABLED,
      window: parsed.RATE_LIMIT_WINDOW,
      max: parsed.RATE_LIMIT_MAX,
      signInMax: parsed.RATE_LIMIT_SIGN_IN_MAX,
      storage: parsed.RATE_LIMIT_STORAGE ?? (parsed.REDIS_URL ? 'secondary-storage' : 'memory'),
    },
    redisUrl: parsed.REDIS_URL,
    accountThrottle: {
      freeFailures: parsed.ACCOUNT_SIGN_IN_FREE_FAILURES,
      baseDelay: parsed.ACCOUNT_SIGN_IN_BASE_DELAY,
      maxDelay: parsed.ACCOUNT_SIGN_IN_MAX_DELAY,
      failureWindow: parsed.ACCOUNT_SIGN_IN_FAILURE_WINDOW,
    },
    mail: {
      transport: parsed.SMTP_URL && parsed.MAIL_FROM ? { kind: 'smtp', url: parsed.SMTP_URL, from: parsed.MAIL_FROM } : { kind: 'dev-outbox' },
      perAddress: { max: parsed.MAIL_PER_ADDRESS_MAX, window: parsed.MAIL_PER_ADDRESS_WINDOW },
    },
    requireEmailVerification: parsed.REQUIRE_EMAIL_VERIFICATION ?? parsed.NODE_ENV === 'production',
    logLevel: parsed.LOG_LEVEL,
  }
}

/**
 * Why the web origin cannot host passkeys, or undefined. Browsers offer WebAuthn only in a secure context (https, or
 * http on localhost), and a relying party ID must be a domain name: an IP address is never accepted.
 */
function passkeyOriginProblem(webOrigin: string): string | undefined {
  const { protocol, hostname } = new URL(webOrigin)
  if (IP_ADDRESS.test(hostname)) {
    return `passkeys are bound to a domain name, and "${hostname}" is an IP address: use the name the browser opens (http://localhost:PORT on this machine, the site's domain in production)`
  }
  if (protocol !== 'https:' && !isLocalhost(hostname)) {
    return `browsers offer passkeys only on https (or http://localhost): "${webOrigin}" must be the https origin the browser opens`
  }
  return undefined
}

function passkeyRelyingParty(webOrigin: string, trustedOrigins: string[]): AuthConfig['passkey'] {
  const rpId = new URL(webOrigin).hostname
  const sameSite = (origin: string) => {
    const { hostname } = new URL(origin)
    return hostname === rpId || hostname.endsWith(`.${rpId}`)
  }
  return { rpId, rpName: 'Tasklane', origins: [...new Set([new URL(webOrigin).origin, ...trustedOrigins.filter(sameSite)])] }
}

function isLocalhost(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost')
}
