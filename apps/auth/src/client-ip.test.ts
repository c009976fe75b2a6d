import { type ServerType, serve } from '@hono/node-server'
import { getFromAddress } from '@tasklane/test-kit/request-from-address'
import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { CLIENT_IP_HEADER } from './better-auth.ts'
import { clientIp } from './client-ip.ts'

// Which hop is the client is decided in @tasklane/http/client-address (its tests list the cases); here, that auth's
// middleware applies it to the socket's real address and hands Better Auth only its own answer.
let server: ServerType | undefined
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve))
  server = undefined
})

/** Auth's middleware on a real server: each request answers with the client IP Better Auth would read. */
async function serveClientIp(trustedProxies: string[]): Promise<number> {
  const app = new Hono()
  app.use(clientIp(trustedProxies))
  app.get('/', (c) => c.text(c.req.header(CLIENT_IP_HEADER) ?? '(none)'))
  return new Promise((resolve) => {
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(info.port))
  })
}

/** The client IP auth sees for a request sent from `localAddress` (any 127.x address is this host). */
const seenFrom = getFromAddress

describe('clientIp: the address Better Auth rate-limits and stores', () => {
  it('by default (loopback trusted, where the web server forwards from) is the hop the forwarder appended', async () => {
    const port = await serveClientIp(['127.0.0.0/8', '::1'])
    expect(await seenFrom(port, '127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' })).toBe('203.0.113.9')
    expect(await seenFrom(port, '127.0.0.1')).toBe('127.0.0.1')
  })

  it('from a proxy in a trusted range is the hop it appended; from anyone else, the socket’s address', async () => {
    const port = await serveClientIp(['127.0.0.4/30'])
    expect(await seenFrom(port, '127.0.0.5', { 'x-forwarded-for': '6.6.6.6, 127.0.0.2' })).toBe('127.0.0.2')
    expect(await seenFrom(port, '127.0.0.2', { 'x-forwarded-for': '6.6.6.6' })).toBe('127.0.0.2')
    expect(await seenFrom(port, '127.0.0.1', { 'x-forwarded-for': '6.6.6.6' })).toBe('127.0.0.1')
  })

  it('with no trusted proxy is always the socket’s address', async () => {
    const port = await serveClientIp([])
    expect(await seenFrom(port, '127.0.0.5', { 'x-forwarded-for': '203.0.113.9' })).toBe('127.0.0.5')
  })

  it('overwrites a client IP header the client wrote itself', async () => {
    const port = await serveClientIp(['127.0.0.4/30'])
    expect(await seenFrom(port, '127.0.0.2', { [CLIENT_IP_HEADER]: '6.6.6.6' })).toBe('127.0.0.2')
  })
})
