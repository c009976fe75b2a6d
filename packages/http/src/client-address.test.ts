import { describe, expect, it } from 'vitest'
import { clientAddressResolver } from './client-address.ts'

const trustingNobody = clientAddressResolver([])
const behindProxies = clientAddressResolver(['10.0.0.0/24', '192.0.2.7', 'fd00::/8'])

describe('clientAddressResolver: the rightmost X-Forwarded-For hop that is not a trusted proxy', () => {
  it('is the connection itself when no proxy is trusted, whatever the client wrote', () => {
    expect(trustingNobody({ peer: '203.0.113.7', forwardedFor: '6.6.6.6' })).toBe('203.0.113.7')
    expect(trustingNobody({ peer: '127.0.0.1', forwardedFor: '6.6.6.6, 7.7.7.7' })).toBe('127.0.0.1')
  })

  it('trusts nothing a peer outside the list wrote', () => {
    expect(behindProxies({ peer: '198.51.100.1', forwardedFor: '203.0.113.9' })).toBe('198.51.100.1')
    expect(behindProxies({ peer: '10.0.1.1', forwardedFor: '203.0.113.9' })).toBe('10.0.1.1')
  })

  it('takes the hop a proxy in a trusted range appended, never the hops the client wrote before it', () => {
    expect(behindProxies({ peer: '10.0.0.7', forwardedFor: '6.6.6.6, 203.0.113.9' })).toBe('203.0.113.9')
    expect(behindProxies({ peer: '192.0.2.7', forwardedFor: '203.0.113.9' })).toBe('203.0.113.9')
  })

  it('walks leftwards over trusted proxies, and stops at the first hop that is not one', () => {
    expect(behindProxies({ peer: '10.0.0.7', forwardedFor: '6.6.6.6, 203.0.113.9, 10.0.0.3, 192.0.2.7' })).toBe('203.0.113.9')
    // A trusted address the client wrote left of its own is just more of the client's words.
    expect(behindProxies({ peer: '10.0.0.7', forwardedFor: '10.0.0.3, 203.0.113.9' })).toBe('203.0.113.9')
  })

  it('matches IPv6 proxies against IPv6 ranges', () => {
    expect(behindProxies({ peer: 'fd00::5', forwardedFor: '6.6.6.6, 2001:db8::1' })).toBe('2001:db8::1')
    expect(behindProxies({ peer: '2001:db8::2', forwardedFor: '2001:db8::1' })).toBe('2001:db8::2')
  })

  it('matches IPv4-mapped IPv6 peers and hops against IPv4 ranges, and gives the client as plain IPv4', () => {
    expect(behindProxies({ peer: '::ffff:10.0.0.7', forwardedFor: '203.0.113.9' })).toBe('203.0.113.9')
    expect(behindProxies({ peer: '10.0.0.7', forwardedFor: '203.0.113.9, ::ffff:10.0.0.3' })).toBe('203.0.113.9')
    expect(behindProxies({ peer: '10.0.0.7', forwardedFor: '::ffff:203.0.113.9' })).toBe('203.0.113.9')
    expect(trustingNobody({ peer: '::ffff:198.51.100.1', forwardedFor: undefined })).toBe('198.51.100.1')
  })

  it('never lets an IPv4 range match a native IPv6 address, or an IPv6 range an IPv4 one', () => {
    expect(behindProxies({ peer: '::a00:7', forwardedFor: '203.0.113.9' })).toBe('::a00:7')
    expect(clientAddressResolver(['fd00::/8'])({ peer: '10.0.0.7', forwardedFor: '203.0.113.9' })).toBe('10.0.0.7')
  })

  it('is the proxy itself when it named nobody', () => {
    expect(behindProxies({ peer: '10.0.0.7', forwardedFor: undefined })).toBe('10.0.0.7')
    expect(behindProxies({ peer: '10.0.0.7', forwardedFor: ' , ' })).toBe('10.0.0.7')
  })

  it('is the leftmost hop when every hop is a trusted proxy', () => {
    expect(behindProxies({ peer: '10.0.0.7', forwardedFor: '10.0.0.2, 10.0.0.3' })).toBe('10.0.0.2')
  })

  it('never takes a hop that is not an address: the trusted proxy that passed it on is the client', () => {
    expect(behindProxies({ peer: '10.0.0.7', forwardedFor: 'unknown' })).toBe('10.0.0.7')
    expect(behindProxies({ peer: '10.0.0.7', forwardedFor: '203.0.113.9:4711' })).toBe('10.0.0.7')
    expect(behindProxies({ peer: '10.0.0.7', forwardedFor: '6.6.6.6, attacker-chosen, 10.0.0.3' })).toBe('10.0.0.3')
  })

  it('knows nobody when the connection has no address', () => {
    expect(behindProxies({ peer: undefined, forwardedFor: '203.0.113.9' })).toBeUndefined()
  })

  it('refuses an entry it cannot read, at once', () => {
    expect(() => clientAddressResolver(['10.0.0.0/33'])).toThrow(TypeError)
    expect(() => clientAddressResolver(['proxy.internal'])).toThrow(TypeError)
  })
})
