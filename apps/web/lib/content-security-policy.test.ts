import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, newNonce } from './content-security-policy.ts'

const directive = (policy: string, name: string) => policy.split('; ').find((entry) => entry.startsWith(`${name} `))

describe('contentSecurityPolicy', () => {
  it('lets scripts run only with the nonce: never inline, never eval in production', () => {
    const policy = contentSecurityPolicy('abc123')
    expect(directive(policy, 'script-src')).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'")
    expect(policy).not.toContain('unsafe-inline')
    expect(policy).not.toContain('unsafe-eval')
  })

  it('allows eval only for next dev', () => {
    expect(directive(contentSecurityPolicy('n', { development: true }), 'script-src')).toContain("'unsafe-eval'")
  })

  it('forbids framing, plugins, base rewriting and foreign form targets', () => {
    const policy = contentSecurityPolicy('n')
    expect(directive(policy, 'frame-ancestors')).toBe("frame-ancestors 'none'")
    expect(directive(policy, 'object-src')).toBe("object-src 'none'")
    expect(directive(policy, 'base-uri')).toBe("base-uri 'none'")
    expect(directive(policy, 'form-action')).toBe("form-action 'self'")
  })
})

describe('newNonce', () => {
  it('is 16 random bytes, different every time', () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce))
    expect(nonces.size).toBe(1000)
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16)
  })
})
