import { describe, expect, it } from 'vitest'
import { ConfigError } from './load-config.ts'
import { loadWebConfig } from './web-config.ts'

function configErrorMessage(env: Record<string, string | undefined>): string {
  try {
    loadWebConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).message
  }
  throw new Error('expected loadWebConfig to throw a ConfigError')
}

describe('loadWebConfig', () => {
  it('forwards to auth on 127.0.0.1:3001 and the api on 127.0.0.1:8000, and trusts no proxy, by default', () => {
    expect(loadWebConfig({})).toEqual({ nodeEnv: 'development', authUrl: 'http://127.0.0.1:3001', apiUrl: 'http://127.0.0.1:8000', trustedProxies: [], logLevel: 'info' })
  })

  it('drops trailing slashes from AUTH_URL and API_URL so paths can be appended to them', () => {
    const config = loadWebConfig({ AUTH_URL: 'http://auth.internal:3001/', API_URL: 'https://api.internal//' })
    expect(config.authUrl).toBe('http://auth.internal:3001')
    expect(config.apiUrl).toBe('https://api.internal')
  })

  it('reads TRUSTED_PROXIES as a list of IPv4 and IPv6 addresses and CIDR ranges', () => {
    expect(loadWebConfig({ TRUSTED_PROXIES: '127.0.0.1, ::1,10.0.0.2' }).trustedProxies).toEqual(['127.0.0.1', '::1', '10.0.0.2'])
    expect(loadWebConfig({ TRUSTED_PROXIES: '10.0.0.0/8, fd00::/8 ,::ffff:192.0.2.0/120' }).trustedProxies).toEqual(['10.0.0.0/8', 'fd00::/8', '::ffff:192.0.2.0/120'])
  })

  it('refuses an AUTH_URL that is not a URL, naming the variable and showing an example', () => {
    const message = configErrorMessage({ AUTH_URL: 'auth-service' })
    expect(message).toContain('web: invalid configuration')
    expect(message).toContain('AUTH_URL')
    expect(message).toContain('http://auth.internal:3001')
  })

  it('refuses a trusted proxy that is not an address or a CIDR range, naming TRUSTED_PROXIES and each bad entry', () => {
    const message = configErrorMessage({ TRUSTED_PROXIES: '127.0.0.1,proxy.internal,10.0.0.0/33,10.0.0.0/,loopback,10.0.0.0/8' })
    expect(message).toContain('TRUSTED_PROXIES')
    for (const entry of ['proxy.internal', '10.0.0.0/33', '10.0.0.0/', 'loopback']) expect(message).toContain(`"${entry}" is not an IP address or CIDR range`)
    expect(message).not.toContain('"10.0.0.0/8"')
  })
})
