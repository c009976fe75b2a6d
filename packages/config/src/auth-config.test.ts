import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadAuthConfig } from './auth-config.ts'
import { ConfigError } from './load-config.ts'

const SECRET = 'a'.repeat(32)

// Every test gets its own data dir, so a generated development secret never lands in the repository's .data.
let dataDir: string
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'tasklane-auth-config-'))
})
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true })
})

function configErrorMessage(env: Record<string, string | undefined>): string {
  try {
    loadAuthConfig({ TASKLANE_DATA_DIR: dataDir, ...env })
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).message
  }
  throw new Error('expected loadAuthConfig to throw a ConfigError')
}

describe('loadAuthConfig defaults', () => {
  it('listens on 3001, trusts http://localhost:3000 and keeps sessions 7 days, extended daily', () => {
    const config = loadAuthConfig({ TASKLANE_DATA_DIR: dataDir, BETTER_AUTH_SECRET: SECRET })
    expect(config).toMatchObject({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 3001,
      secret: SECRET,
      baseUrl: 'http://localhost:3000',
      trustedOrigins: ['http://localhost:3000'],
      dataDir,
      session: { expiresIn: 7 * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
      rateLimit: { enabled: true, window: 10, max: 100, signInMax: 5 },
      logLevel: 'info',
      databasePoolMax: 10,
    })
    expect(config.databaseUrl).toMatch(/^postgres:\/\/.*@127\.0\.0\.1:\d+\//)
  })

  it('trusts X-Forwarded-For from loopback only (the web server beside it), and a TRUSTED_PROXIES value replaces that', () => {
    expect(loadAuthConfig({ TASKLANE_DATA_DIR: dataDir, BETTER_AUTH_SECRET: SECRET }).trustedProxies).toEqual(['127.0.0.0/8', '::1'])
    const config = loadAuthConfig({ TASKLANE_DATA_DIR: dataDir, BETTER_AUTH_SECRET: SECRET, TRUSTED_PROXIES: '10.0.0.0/24, 192.0.2.7,fd00::/8' })
    expect(config.trustedProxies).toEqual(['10.0.0.0/24', '192.0.2.7', 'fd00::/8'])
  })

  it('normalises trusted origins to bare origins and uses the first as the base URL when BETTER_AUTH_URL is unset', () => {
    const config = loadAuthConfig({
      TASKLANE_DATA_DIR: dataDir,
      BETTER_AUTH_SECRET: SECRET,
      TRUSTED_ORIGINS: ' https://tasks.example.com/some/path , http://localhost:3000/ ',
    })
    expect(config.trustedOrigins).toEqual(['https://tasks.example.com', 'http://localhost:3000'])
    expect(config.baseUrl).toBe('https://tasks.example.com')
  })

  it('reads numbers and flags from their string form', () => {
    const config = loadAuthConfig({
      TASKLANE_DATA_DIR: dataDir,
      BETTER_AUTH_SECRET: SECRET,
      AUTH_PORT: '4001',
      SESSION_EXPIRES_IN: '3600',
      SESSION_UPDATE_AGE: '60',
      RATE_LIMIT_ENABLED: '0',
    })
    expect(config.port).toBe(4001)
    expect(config.session).toEqual({ expiresIn: 3600, updateAge: 60, absoluteLifetime: 30 * 24 * 60 * 60, freshAge: 600 })
    expect(config.rateLimit.enabled).toBe(false)
  })
})

describe('loadAuthConfig errors', () => {
  it('refuses a TRUSTED_PROXIES entry that is not an address or a CIDR range, naming the variable', () => {
    const message = configErrorMessage({ BETTER_AUTH_SECRET: SECRET, TRUSTED_PROXIES: '127.0.0.1, proxy.internal, 10.0.0.0/40' })
    expect(message).toContain('TRUSTED_PROXIES')
    expect(message).toContain('"proxy.internal" is not an IP address or CIDR range')
    expect(message).toContain('"10.0.0.0/40" is not an IP address or CIDR range')
  })

  it('names AUTH_PORT and says what it is for when it is not a number', () => {
    const message = configErrorMessage({ AUTH_PORT: 'abc' })
    expect(message).toContain('auth: invalid configuration')
    expect(message).toContain('AUTH_PORT')
    expect(message).toContain('the port the auth service listens on')
  })

  it('refuses a trusted origin that is not http(s), quoting it', () => {
    const message = configErrorMessage({ TRUSTED_ORIGINS: 'http://localhost:3000,ftp://x' })
    expect(message).toContain('TRUSTED_ORIGINS')
    expect(message).toContain('"ftp://x" is not an http(s) origin')
    expect(message).toContain('comma-separated origins allowed to call auth with cookies')
  })

  it('refuses a BETTER_AUTH_SECRET shorter than 32 characters and says how to make one', () => {
    const message = configErrorMessage({ BETTER_AUTH_SECRET: 'a'.repeat(31) })
    expect(message).toContain('BETTER_AUTH_SECRET: must be at least 32 characters')
    expect(message).toContain('openssl rand -base64 32')
  })

  it('names every bad variable in one message', () => {
    const message = configErrorMessage({ AUTH_PORT: '70000', LOG_LEVEL: 'loud', RATE_LIMIT_ENABLED: 'yes' })
    expect(message).toContain('AUTH_PORT')
    expect(message).toContain('LOG_LEVEL')
    expect(message).toContain('RATE_LIMIT_ENABLED')
  })

  it('requires BETTER_AUTH_SECRET, BETTER_AUTH_URL, DATABASE_URL, SMTP_URL and MAIL_FROM in production, all in one message', () => {
    const message = configErrorMessage({ NODE_ENV: 'production' })
    for (const variable of ['BETTER_AUTH_SECRET', 'BETTER_AUTH_URL', 'DATABASE_URL', 'SMTP_URL', 'MAIL_FROM']) {
      expect(message).toContain(`${variable}: is required when NODE_ENV=production`)
    }
  })

  it('starts in production once the five are set, without touching the data dir for a secret', () => {
    const config = loadAuthConfig({
      TASKLANE_DATA_DIR: dataDir,
      NODE_ENV: 'production',
      BETTER_AUTH_SECRET: SECRET,
      BETTER_AUTH_URL: 'https://tasks.example.com',
      DATABASE_URL: 'postgresql://tasklane:pw@db:5432/tasklane',
      SMTP_URL: 'smtps://mailer:pw@smtp.example.com:465',
      MAIL_FROM: 'Tasklane <no-reply@tasks.example.com>',
    })
    expect(config).toMatchObject({
      nodeEnv: 'production',
      secret: SECRET,
      baseUrl: 'https://tasks.example.com',
      databaseUrl: 'postgresql://tasklane:pw@db:5432/tasklane',
    })
    expect(() => readFileSync(path.join(dataDir, 'auth-secret'))).toThrow(/ENOENT/)
  })

  it('treats empty strings as unset: defaults apply, and production still asks for the required three', () => {
    const config = loadAuthConfig({ TASKLANE_DATA_DIR: dataDir, BETTER_AUTH_SECRET: SECRET, AUTH_PORT: '', TRUSTED_ORIGINS: '', LOG_LEVEL: '' })
    expect(config.port).toBe(3001)
    expect(config.trustedOrigins).toEqual(['http://localhost:3000'])
    expect(config.logLevel).toBe('info')

    const message = configErrorMessage({ NODE_ENV: 'production', BETTER_AUTH_SECRET: '', BETTER_AUTH_URL: '', DATABASE_URL: '' })
    for (const variable of ['BETTER_AUTH_SECRET', 'BETTER_AUTH_URL', 'DATABASE_URL']) {
      expect(message).toContain(`${variable}: is required when NODE_ENV=production`)
    }
    // An empty secret is "missing", not "too short".
    expect(message).not.toContain('at least 32 characters')
  })
})

describe('loadAuthConfig mail', () => {
  it('sends to the dev outbox outside production, requires no verification there, and limits 3 emails per address per 15 min', () => {
    const config = loadAuthConfig({ TASKLANE_DATA_DIR: dataDir, BETTER_AUTH_SECRET: SECRET })
    expect(config.mail).toEqual({ transport: { kind: 'dev-outbox' }, perAddress: { max: 3, window: 900 } })
    expect(config.requireEmailVerification).toBe(false)
  })

  it('uses SMTP wherever SMTP_URL is set, and requires verification by default in production only', () => {
    const smtp = { SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'no-reply@example.com' }
    expect(loadAuthConfig({ TASKLANE_DATA_DIR: dataDir, BETTER_AUTH_SECRET: SECRET, ...smtp }).mail.transport).toEqual({ kind: 'smtp', url: smtp.SMTP_URL, from: smtp.MAIL_FROM })
    const production = { NODE_ENV: 'production', BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: 'https://t.example.com', DATABASE_URL: 'postgres://db/t', ...smtp }
    expect(loadAuthConfig({ TASKLANE_DATA_DIR: dataDir, ...production }).requireEmailVerification).toBe(true)
    expect(loadAuthConfig({ TASKLANE_DATA_DIR: dataDir, ...production, REQUIRE_EMAIL_VERIFICATION: 'false' }).requireEmailVerification).toBe(false)
    expect(loadAuthConfig({ TASKLANE_DATA_DIR: dataDir, BETTER_AUTH_SECRET: SECRET, REQUIRE_EMAIL_VERIFICATION: '1' }).requireEmailVerification).toBe(true)
  })

  it('names each bad mail variable and the fix', () => {
    const message = configErrorMessage({ BETTER_AUTH_SECRET: SECRET, SMTP_URL: 'http://mail.example.com', REQUIRE_EMAIL_VERIFICATION: 'yes' })
    expect(message).toContain('SMTP_URL: must be an smtp:// or smtps:// URL')
    expect(message).toContain('REQUIRE_EMAIL_VERIFICATION')
    expect(configErrorMessage({ BETTER_AUTH_SECRET: SECRET, SMTP_URL: 'smtp://m' })).toContain('MAIL_FROM: is required with SMTP_URL')
    expect(configErrorMessage({ BETTER_AUTH_SECRET: SECRET, SMTP_URL: 'smtp://m', MAIL_FROM: 'nobody' })).toContain('MAIL_FROM: must be an address')
  })
})

describe('loadAuthConfig per-account sign-in throttle', () => {
  it('allows 10 free failures, then waits from 30 s doubling up to 15 min, and forgets a count after a day', () => {
    const config = loadAuthConfig({ TASKLANE_DATA_DIR: dataDir, BETTER_AUTH_SECRET: SECRET })
    expect(config.accountThrottle).toEqual({ freeFailures: 10, baseDelay: 30, maxDelay: 900, failureWindow: 24 * 60 * 60 })
  })

  it('reads the four variables', () => {
    const config = loadAuthConfig({
      TASKLANE_DATA_DIR: dataDir,
      BETTER_AUTH_SECRET: SECRET,
      ACCOUNT_SIGN_IN_FREE_FAILURES: '3',
      ACCOUNT_SIGN_IN_BASE_DELAY: '1',
      ACCOUNT_SIGN_IN_MAX_DELAY: '4',
      ACCOUNT_SIGN_IN_FAILURE_WINDOW: '60',
    })
    expect(config.accountThrottle).toEqual({ freeFailures: 3, baseDelay: 1, maxDelay: 4, failureWindow: 60 })
  })

  it('refuses zero free failures, a cap below the first wait, and a window shorter than the cap, naming each variable', () => {
    expect(configErrorMessage({ ACCOUNT_SIGN_IN_FREE_FAILURES: '0' })).toContain('ACCOUNT_SIGN_IN_FREE_FAILURES')
    const message = configErrorMessage({ ACCOUNT_SIGN_IN_BASE_DELAY: '60', ACCOUNT_SIGN_IN_MAX_DELAY: '30', ACCOUNT_SIGN_IN_FAILURE_WINDOW: '10' })
    expect(message).toContain('ACCOUNT_SIGN_IN_MAX_DELAY: must be at least ACCOUNT_SIGN_IN_BASE_DELAY')
    expect(message).toContain('ACCOUNT_SIGN_IN_FAILURE_WINDOW: must be at least ACCOUNT_SIGN_IN_MAX_DELAY')
  })
})

describe('loadAuthConfig development secret', () => {
  it('generates a secret in TASKLANE_DATA_DIR when none is set, and returns the same one after a restart', () => {
    const first = loadAuthConfig({ TASKLANE_DATA_DIR: dataDir })
    expect(first.secret.length).toBeGreaterThanOrEqual(32)
    expect(readFileSync(path.join(dataDir, 'auth-secret'), 'utf8').trim()).toBe(first.secret)

    const second = loadAuthConfig({ TASKLANE_DATA_DIR: dataDir })
    expect(second.secret).toBe(first.secret)
  })

  it('generates a secret when BETTER_AUTH_SECRET is an empty string', () => {
    const config = loadAuthConfig({ TASKLANE_DATA_DIR: dataDir, BETTER_AUTH_SECRET: '' })
    expect(config.secret).toBe(readFileSync(path.join(dataDir, 'auth-secret'), 'utf8').trim())
  })

  it('prefers BETTER_AUTH_SECRET over a generated one', () => {
    loadAuthConfig({ TASKLANE_DATA_DIR: dataDir })
    expect(loadAuthConfig({ TASKLANE_DATA_DIR: dataDir, BETTER_AUTH_SECRET: SECRET }).secret).toBe(SECRET)
  })
})

describe('loadAuthConfig passkeys', () => {
  it('binds passkeys to the web origin: its host name is the RP ID, and trusted origins on that site are accepted too', () => {
    const config = loadAuthConfig({
      TASKLANE_DATA_DIR: dataDir,
      BETTER_AUTH_SECRET: SECRET,
      BETTER_AUTH_URL: 'https://tasks.example.com',
      TRUSTED_ORIGINS: 'https://tasks.example.com,https://eu.tasks.example.com,https://other.example.org',
    })
    expect(config.passkey).toEqual({ rpId: 'tasks.example.com', rpName: 'Tasklane', origins: ['https://tasks.example.com', 'https://eu.tasks.example.com'] })
    expect(loadAuthConfig({ TASKLANE_DATA_DIR: dataDir, BETTER_AUTH_SECRET: SECRET }).passkey.rpId).toBe('localhost')
  })

  it('refuses a web origin no browser offers passkeys on, naming the variable it came from', () => {
    expect(configErrorMessage({ BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: 'http://127.0.0.1:3000' })).toMatch(/BETTER_AUTH_URL: passkeys are bound to a domain name/)
    expect(configErrorMessage({ BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: 'http://tasks.example.com' })).toMatch(/BETTER_AUTH_URL: browsers offer passkeys only on https/)
    expect(configErrorMessage({ BETTER_AUTH_SECRET: SECRET, TRUSTED_ORIGINS: 'http://[::1]:3000' })).toMatch(/TRUSTED_ORIGINS: passkeys are bound to a domain name/)
    expect(loadAuthConfig({ TASKLANE_DATA_DIR: dataDir, BETTER_AUTH_SECRET: SECRET, BETTER_AUTH_URL: 'http://app.localhost:3000' }).passkey.rpId).toBe('app.localhost')
  })
})
