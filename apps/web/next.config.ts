import path from 'node:path'
import type { NextConfig } from 'next'

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // `.next/standalone/apps/web/server.js` with only the files it needs, for a container; traced from the repository root
  // so the workspace packages (`@tasklane/*`) are found. Vercel (which sets VERCEL while it builds) makes its own output.
  ...(process.env.VERCEL ? {} : { output: 'standalone' as const }),
  outputFileTracingRoot: path.join(import.meta.dirname, '../..'),
}

export default config
