import path from 'node:path'
import type { NextConfig } from 'next'

/**
 * Headers on every answer of the web origin (`headers()` below): no framing by any site (clickjacking on
 * Delete), no MIME sniffing, no full URLs in Referer to other sites, no powerful browser features, and HTTPS only once
 * a browser has seen it over HTTPS (browsers ignore HSTS on plain http, so local runs are unaffected). Pages get a
 * whole Content-Security-Policy with a nonce of their own from proxy.ts, which replaces the one here.
 */
const SECURITY_HEADERS = [
  { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
  { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
]

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // `.next/standalone/apps/web/server.js` with only the files it needs, for a container; traced from the repository root
  // so the workspace packages (`@tasklane/*`) are found. Vercel (which sets VERCEL while it builds) makes its own output.
  ...(process.env.VERCEL ? {} : { output: 'standalone' as const }),
  outputFileTracingRoot: path.join(import.meta.dirname, '../..'),
  headers: async () => [{ source: '/:path*', headers: SECURITY_HEADERS }],
}

export default config
