import { isIP } from 'node:net'
import proxyAddr from 'proxy-addr'
import { z } from 'zod'

/**
 * TRUSTED_PROXIES: comma-separated addresses and CIDR ranges (IPv4 or IPv6, e.g. `10.0.0.2, 10.1.0.0/16, fd00::/8`) of
 * the proxies whose `X-Forwarded-For` hops are believed. Each entry is checked by proxy-addr's own parser, the one that
 * later matches addresses against it (`@tasklane/http/client-address`), so nothing is accepted here that it would
 * misread. proxy-addr also knows names such as `loopback`; they are refused, so the list says exactly what it trusts.
 */
export const trustedProxyList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const entries = value.split(',').map((part) => part.trim()).filter(Boolean)
      for (const entry of entries) {
        if (!isTrustedProxyEntry(entry)) ctx.addIssue({ code: 'custom', message: `"${entry}" is not an IP address or CIDR range` })
      }
      return entries
    })

function isTrustedProxyEntry(entry: string): boolean {
  const address = entry.split('/')[0] ?? ''
  if (isIP(address) === 0) return false
  try {
    proxyAddr.compile(entry)
    return true
  } catch {
    return false
  }
}
