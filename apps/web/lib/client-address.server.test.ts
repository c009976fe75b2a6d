import { describe, expect, it } from 'vitest'
import { clientAddress, clientOf } from './client-address.server'

const none = new Set<string>()
const proxy = new Set(['127.0.0.1', '10.0.0.2'])

describe('clientOf: who connected, unless a trusted proxy says who', () => {
  it('is the connection itself when no proxy is trusted, whatever the client wrote', () => {
    expect(clientOf('203.0.113.7', '6.6.6.6', none)).toBe('203.0.113.7')
    expect(clientOf('127.0.0.1', '6.6.6.6, 7.7.7.7', none)).toBe('127.0.0.1')
  })

  it("is the hop a trusted proxy appended, never the client's own hops before it", () => {
    expect(clientOf('127.0.0.1', '6.6.6.6, 203.0.113.9', proxy)).toBe('203.0.113.9')
    expect(clientOf('::ffff:127.0.0.1', '203.0.113.9', proxy)).toBe('203.0.113.9')
  })

  it('walks leftwards over trusted proxies only', () => {
    expect(clientOf('127.0.0.1', '6.6.6.6, 203.0.113.9, 10.0.0.2', proxy)).toBe('203.0.113.9')
  })

  it('is the proxy itself when it named nobody', () => {
    expect(clientOf('127.0.0.1', undefined, proxy)).toBe('127.0.0.1')
    expect(clientOf('10.0.0.2', ' , ', proxy)).toBe('10.0.0.2')
  })

  it('trusts nothing from a peer that is not on the list', () => {
    expect(clientOf('198.51.100.1', '203.0.113.9', proxy)).toBe('198.51.100.1')
  })
})

describe('clientAddress', () => {
  it('reads the last hop, or nothing', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '203.0.113.9' }))).toBe('203.0.113.9')
    expect(clientAddress(new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }))).toBe('203.0.113.9')
    expect(clientAddress(new Headers())).toBeUndefined()
  })
})
