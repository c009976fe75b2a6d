import type { IncomingMessage } from 'node:http'
import { isIP, isIPv4 } from 'node:net'
import proxyAddr from 'proxy-addr'

/** What decides who the client is: the address that connected, and the `X-Forwarded-For` it sent. */
export interface ForwardedRequest {
  peer: string | undefined
  forwardedFor: string | undefined
}

/** The client's address for one request, or `undefined` when the connection has none (it is already closed). */
export type ClientAddressOf = (request: ForwardedRequest) => string | undefined

/**
 * Who is the client? Rate limits and stored sessions are per client address, so a client must not be able to name
 * itself. The connection's address, unless it is a trusted proxy (an address or CIDR range in `trustedProxies`); then
 * the hop that proxy appended to `X-Forwarded-For`, and so on leftwards while the hop is itself a trusted proxy: the
 * client is the rightmost hop that is not a trusted proxy. Hops left of it are the client's own words and never count.
 * With no trusted proxies, `X-Forwarded-For` is ignored. Should every hop be trusted, the leftmost is the client.
 *
 * The walk is proxy-addr's (`compile` + `all`), the one Express uses for `trust proxy`: IPv4, IPv6, and IPv4-mapped
 * IPv6 (`::ffff:10.0.0.2`, what a dual-stack listener reports) matched against IPv4 ranges.
 *
 * @throws TypeError for an entry proxy-addr cannot read (the config loaders refuse those first, naming TRUSTED_PROXIES)
 */
export function clientAddressResolver(trustedProxies: readonly string[]): ClientAddressOf {
  const trust = proxyAddr.compile([...trustedProxies])
  return ({ peer, forwardedFor }) => {
    if (!peer) return undefined
    // proxy-addr reads nothing of a request but these two (through the `forwarded` package).
    const request = { socket: { remoteAddress: peer }, headers: { 'x-forwarded-for': forwardedFor } } as unknown as IncomingMessage
    // The peer, then each hop right to left, ending at the first one that is not a trusted proxy.
    const chain = proxyAddr.all(request, trust)
    // A hop that is not an address (`unknown`, `1.2.3.4:5678`) names nobody: the trusted proxy that passed it on is
    // then the client, rather than a string a client could vary to get a fresh rate-limit bucket.
    for (let index = chain.length - 1; index >= 0; index--) {
      const address = chain[index]
      if (address !== undefined && isIP(address) !== 0) return withoutIpv4Mapping(address)
    }
    return undefined
  }
}

/** `::ffff:203.0.113.9` → `203.0.113.9`: one client, one key, whichever way its connection arrived. */
function withoutIpv4Mapping(address: string): string {
  const mapped = /^::ffff:(.+)$/i.exec(address)?.[1]
  return mapped !== undefined && isIPv4(mapped) ? mapped : address
}
