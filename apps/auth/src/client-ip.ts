import { getConnInfo } from '@hono/node-server/conninfo'
import type { MiddlewareHandler } from 'hono'
import { CLIENT_IP_HEADER } from './better-auth.ts'

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/

/**
 * Rate limits are per client IP, so the IP must be one a client cannot forge. A request from loopback (the web
 * server's forwarder, or a proxy beside us) may name the client in the last `X-Forwarded-For` hop, the one that
 * proxy appended; anyone else is keyed by the socket's own address. Whatever a client sent in our header is
 * overwritten, never trusted.
 */
export function clientIp(): MiddlewareHandler {
  return async (c, next) => {
    const socketAddress = getConnInfo(c).remote.address ?? 'unknown'
    const forwarded = c.req.header('x-forwarded-for')?.split(',').pop()?.trim()
    const ip = LOOPBACK.test(socketAddress) && forwarded ? forwarded : socketAddress
    c.req.raw.headers.set(CLIENT_IP_HEADER, ip)
    await next()
  }
}
