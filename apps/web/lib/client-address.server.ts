import { channel } from 'node:diagnostics_channel'
import type { IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'

/**
 * Who is the client? Auth rate-limits per client address, so a client must not be able to name itself.
 *
 * `next start` sets `X-Forwarded-For` to the connection's address only when a request has none
 * (`req.headers['x-forwarded-for'] ??= …` in node_modules/next/dist/server/base-server.js): a client's own header
 * reaches route handlers unchanged, and nothing else there tells the connection's address. Node announces each request
 * on the `http.server.request.start` diagnostics channel before any listener sees it; the web server replaces the
 * header there with one hop it chose, which route handlers then read with `clientAddress`.
 */
export function trustOnlyThePeerAddress(trustedProxies: readonly string[]): void {
  const trusted = new Set(trustedProxies)
  requestStart.subscribe((message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket }
    const forwardedFor = request.headers['x-forwarded-for']
    request.headers['x-forwarded-for'] = clientOf(socket.remoteAddress ?? '', Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor, trusted)
  })
}

// Held here: a channel nobody references may be collected with its subscribers on older Node versions.
const requestStart = channel('http.server.request.start')

/**
 * The connection's address, unless it is a trusted proxy (a TLS proxy in front): then the hop that proxy appended, and
 * so on leftwards while the hop is itself a trusted proxy. The first address nobody trusted is the client.
 */
export function clientOf(peer: string, forwardedFor: string | undefined, trusted: ReadonlySet<string>): string {
  const hops = (forwardedFor ?? '').split(',').map((hop) => hop.trim()).filter(Boolean)
  let client = peer
  // An IPv4 peer of a dual-stack listener looks like ::ffff:10.0.0.2.
  while (trusted.has(client.replace(/^::ffff:/, '')) && hops.length > 0) client = hops.pop() ?? client
  return client
}

/** The client's address for forwarding: the one hop the web server wrote (on Vercel, the one the platform wrote). */
export function clientAddress(headers: Headers): string | undefined {
  return headers.get('x-forwarded-for')?.split(',').pop()?.trim() || undefined
}
