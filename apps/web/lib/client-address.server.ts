import { channel } from 'node:diagnostics_channel'
import type { IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import { clientAddressResolver } from '@tasklane/http/client-address'

/**
 * Who is the client? Auth rate-limits per client address, so a client must not be able to name itself.
 *
 * `next start` sets `X-Forwarded-For` to the connection's address only when a request has none
 * (`req.headers['x-forwarded-for'] ??= …` in node_modules/next/dist/server/base-server.js): a client's own header
 * reaches route handlers unchanged, and nothing else there tells the connection's address. Node announces each request
 * on the `http.server.request.start` diagnostics channel before any listener sees it; the web server replaces the
 * header there with the one address it chose (the connection's, or, from a proxy in TRUSTED_PROXIES, the rightmost hop
 * that is not a trusted proxy: `@tasklane/http/client-address`), which route handlers then read with `clientAddress`.
 * Returns what stops it (for tests; the server keeps it for its whole life).
 */
export function trustOnlyThePeerAddress(trustedProxies: readonly string[]): () => void {
  const clientAddressOf = clientAddressResolver(trustedProxies)
  const rewrite = (message: unknown) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket }
    const forwardedFor = request.headers['x-forwarded-for']
    const client = clientAddressOf({ peer: socket.remoteAddress, forwardedFor: Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor })
    if (client === undefined) delete request.headers['x-forwarded-for']
    else request.headers['x-forwarded-for'] = client
  }
  requestStart.subscribe(rewrite)
  return () => requestStart.unsubscribe(rewrite)
}

// Held here: a channel nobody references may be collected with its subscribers on older Node versions.
const requestStart = channel('http.server.request.start')

/** The client's address for forwarding: the one hop the web server wrote (on Vercel, the one the platform wrote). */
export function clientAddress(headers: Headers): string | undefined {
  return headers.get('x-forwarded-for')?.split(',').pop()?.trim() || undefined
}
