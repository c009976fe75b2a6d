import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getFromAddress } from '@tasklane/test-kit/request-from-address'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientAddress, trustOnlyThePeerAddress } from './client-address.server'

// Which hop is the client is decided in @tasklane/http/client-address (its tests list the cases); here, that the web
// server applies it to every request before a handler reads X-Forwarded-For, on a real server and real connections.
let server: Server
let port: number
beforeAll(async () => {
  server = createServer((incoming, outgoing) => outgoing.end(incoming.headers['x-forwarded-for'] ?? '(none)'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

/** What the handler saw as X-Forwarded-For, for a request sent from `localAddress` (any 127.x address is this host). */
function seenBehind(localAddress: string, forwardedFor?: string): Promise<string> {
  return getFromAddress(port, localAddress, forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor })
}

describe('trustOnlyThePeerAddress: the X-Forwarded-For a route handler reads', () => {
  it('is the connection’s address, whatever the client wrote, when no proxy is trusted', async () => {
    const stop = trustOnlyThePeerAddress([])
    try {
      expect(await seenBehind('127.0.0.2', '6.6.6.6')).toBe('127.0.0.2')
      expect(await seenBehind('127.0.0.3')).toBe('127.0.0.3')
    } finally {
      stop()
    }
  })

  it('is the hop a proxy in a trusted range appended, and the connection’s address for everyone else', async () => {
    const stop = trustOnlyThePeerAddress(['127.0.0.4/30'])
    try {
      expect(await seenBehind('127.0.0.5', '6.6.6.6, 127.0.0.2')).toBe('127.0.0.2')
      expect(await seenBehind('127.0.0.6', '6.6.6.6, 203.0.113.9, 127.0.0.7')).toBe('203.0.113.9')
      expect(await seenBehind('127.0.0.2', '6.6.6.6, 203.0.113.9')).toBe('127.0.0.2')
    } finally {
      stop()
    }
  })
})

describe('clientAddress', () => {
  it('reads the last hop, or nothing', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '203.0.113.9' }))).toBe('203.0.113.9')
    expect(clientAddress(new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }))).toBe('203.0.113.9')
    expect(clientAddress(new Headers())).toBeUndefined()
  })
})
