import { getConnInfo } from '@hono/node-server/conninfo'
import { clientAddressResolver } from '@tasklane/http/client-address'
import type { MiddlewareHandler } from 'hono'
import { CLIENT_IP_HEADER } from './better-auth.ts'

/**
 * Rate limits and stored sessions are per client IP, so the IP must be one a client cannot forge. The socket's own
 * address, unless it is in `trustedProxies` (TRUSTED_PROXIES; loopback by default, where the web server forwards
 * from): then the rightmost `X-Forwarded-For` hop that is not a trusted proxy (`@tasklane/http/client-address`).
 * Better Auth reads only our header, which is overwritten here whatever a client sent in it.
 *
 * Not Better Auth's own `advanced.ipAddress.trustedProxies`: it sees only the request's headers, never the socket, so
 * it would believe the `X-Forwarded-For` of a client that reached auth directly as readily as a proxy's. And the one
 * answer here is shared by everything in auth that keys on the client.
 */
export function clientIp(trustedProxies: readonly string[]): MiddlewareHandler {
  const clientAddressOf = clientAddressResolver(trustedProxies)
  return async (c, next) => {
    const ip = clientAddressOf({ peer: getConnInfo(c).remote.address, forwardedFor: c.req.header('x-forwarded-for') })
    if (ip === undefined) c.req.raw.headers.delete(CLIENT_IP_HEADER)
    else c.req.raw.headers.set(CLIENT_IP_HEADER, ip)
    await next()
  }
}
