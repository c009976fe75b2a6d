import { describe, expect, it } from 'vitest'
import { visibleConfig } from './visible-config.ts'

describe('visibleConfig', () => {
  it('logs no secret and no credentials of any URL, and keeps the rest', () => {
    const config = {
      databaseUrl: 'postgres://app:SECRET1@db.example:5432/tasklane',
      secret: 'SECRET2-SECRET2-SECRET2-SECRET2-SECRET2',
      redisUrl: 'redis://default:SECRET3@cache.example:6379/0',
      authUrl: 'http://127.0.0.1:3001',
      trustedOrigins: ['http://localhost:3000'],
      port: 3001,
    }
    const shown = visibleConfig(config)
    expect(JSON.stringify(shown)).not.toMatch(/SECRET/)
    expect(shown).toEqual({
      database: 'db.example:5432',
      redisUrl: 'redis://cache.example:6379/0',
      authUrl: 'http://127.0.0.1:3001',
      trustedOrigins: ['http://localhost:3000'],
      port: 3001,
    })
  })

  it('also removes a user name given without a password', () => {
    const config = { databaseUrl: 'postgres://h/db', redisUrl: 'rediss://SECRETUSER@cache.example' }
    expect(visibleConfig(config).redisUrl).toBe('rediss://cache.example')
  })

  it('removes credentials from a URL nested in the configuration (auth keeps SMTP_URL at mail.transport.url)', () => {
    const config = {
      databaseUrl: 'postgres://h/db',
      mail: { transport: { kind: 'smtp', url: 'smtps://mailer:SECRET4@smtp.example:465', from: 'Tasklane <no-reply@example.com>' }, perAddress: { max: 3, window: 900 } },
    }
    const shown = visibleConfig(config)
    expect(JSON.stringify(shown)).not.toMatch(/SECRET/)
    expect(shown.mail).toEqual({ transport: { kind: 'smtp', url: 'smtps://smtp.example:465', from: 'Tasklane <no-reply@example.com>' }, perAddress: { max: 3, window: 900 } })
  })
})
