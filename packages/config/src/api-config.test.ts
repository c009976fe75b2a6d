import { describe, expect, it } from 'vitest'
import { loadApiConfig } from './api-config.ts'
import { ConfigError } from './load-config.ts'

function configErrorMessage(env: Record<string, string | undefined>): string {
  try {
    loadApiConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).message
  }
  throw new Error('expected loadApiConfig to throw a ConfigError')
}

describe('loadApiConfig defaults', () => {
  it('listens on 8000, asks auth on 127.0.0.1:3001 within 2 s and trusts http://localhost:3000', () => {
    const config = loadApiConfig({})
    expect(config).toMatchObject({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 8000,
      authUrl: 'http://127.0.0.1:3001',
      authTimeoutMs: 2000,
      trustedOrigins: ['http://localhost:3000'],
      databasePoolMax: 10,
      logLevel: 'info',
    })
    expect(config.databaseUrl).toMatch(/^postgres:\/\/.*@127\.0\.0\.1:\d+\//)
  })

  it('checks an open live-update stream with auth every 25 s and holds at most 10 per user and 2000 per process', () => {
    expect(loadApiConfig({}).eventStreams).toEqual({ revalidateSeconds: 25, maxPerUser: 10, maxPerProcess: 2000 })
  })

  it('reads the live-update stream settings', () => {
    const config = loadApiConfig({ EVENT_STREAM_REVALIDATE_SECONDS: '1', EVENT_STREAM_MAX_PER_USER: '2', EVENT_STREAM_MAX_PER_PROCESS: '3' })
    expect(config.eventStreams).toEqual({ revalidateSeconds: 1, maxPerUser: 2, maxPerProcess: 3 })
  })

  it('drops trailing slashes from AUTH_URL so paths can be appended to it', () => {
    expect(loadApiConfig({ AUTH_URL: 'http://auth.internal:3001//' }).authUrl).toBe('http://auth.internal:3001')
  })

  it('treats empty strings as unset', () => {
    const config = loadApiConfig({ API_PORT: '', AUTH_URL: '', TRUSTED_ORIGINS: '', AUTH_TIMEOUT_MS: '', DATABASE_URL: '' })
    expect(config.port).toBe(8000)
    expect(config.authUrl).toBe('http://127.0.0.1:3001')
    expect(config.trustedOrigins).toEqual(['http://localhost:3000'])
    expect(config.authTimeoutMs).toBe(2000)
    expect(config.databaseUrl).toMatch(/^postgres:\/\//)
  })
})

describe('loadApiConfig errors', () => {
  it('names API_PORT and says what it is for when it is not a number', () => {
    const message = configErrorMessage({ API_PORT: 'abc' })
    expect(message).toContain('api: invalid configuration')
    expect(message).toContain('API_PORT')
    expect(message).toContain('the port the tasks API listens on')
  })

  it('refuses a trusted origin that is not http(s)', () => {
    const message = configErrorMessage({ TRUSTED_ORIGINS: 'ftp://x' })
    expect(message).toContain('TRUSTED_ORIGINS')
    expect(message).toContain('"ftp://x" is not an http(s) origin')
    expect(message).toContain('comma-separated origins allowed to call the api with cookies')
  })

  it('refuses an AUTH_URL that is not a URL and shows an example', () => {
    const message = configErrorMessage({ AUTH_URL: 'auth-service' })
    expect(message).toContain('AUTH_URL')
    expect(message).toContain('http://auth.internal:3001')
  })

  it('refuses an AUTH_TIMEOUT_MS of zero', () => {
    const message = configErrorMessage({ AUTH_TIMEOUT_MS: '0' })
    expect(message).toContain('AUTH_TIMEOUT_MS')
    expect(message).toContain('before the api answers 503')
  })

  it.each(['0', '31', '2.5', 'soon'])('refuses EVENT_STREAM_REVALIDATE_SECONDS=%s: a revoked session must stop receiving within 30 s', (value) => {
    const message = configErrorMessage({ EVENT_STREAM_REVALIDATE_SECONDS: value })
    expect(message).toContain('EVENT_STREAM_REVALIDATE_SECONDS')
    expect(message).toContain('1 to 30')
  })

  it('refuses a stream limit of zero, naming the variable', () => {
    expect(configErrorMessage({ EVENT_STREAM_MAX_PER_USER: '0' })).toContain('EVENT_STREAM_MAX_PER_USER')
    expect(configErrorMessage({ EVENT_STREAM_MAX_PER_PROCESS: '0' })).toContain('EVENT_STREAM_MAX_PER_PROCESS')
  })

  it('refuses a DATABASE_URL that is not PostgreSQL', () => {
    expect(configErrorMessage({ DATABASE_URL: 'mysql://db/tasks' })).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL')
  })

  it('requires DATABASE_URL in production, also when it is an empty string', () => {
    expect(configErrorMessage({ NODE_ENV: 'production' })).toContain('DATABASE_URL: is required when NODE_ENV=production')
    expect(configErrorMessage({ NODE_ENV: 'production', DATABASE_URL: '' })).toContain('DATABASE_URL: is required when NODE_ENV=production')
  })

  it('starts in production once DATABASE_URL is set', () => {
    const config = loadApiConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://tasklane:pw@db:5432/tasklane' })
    expect(config.nodeEnv).toBe('production')
    expect(config.databaseUrl).toBe('postgres://tasklane:pw@db:5432/tasklane')
  })
})
