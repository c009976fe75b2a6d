import { type NextRequest, NextResponse } from 'next/server'
import { contentSecurityPolicy, newNonce } from './lib/content-security-policy.ts'

/**
 * A fresh script nonce for every page. Only headers: sessions are checked by the pages themselves, never here
 * (redirects decided in front of the app are what once looped; see docs/decisions/008-standard-nextjs.md).
 */
export function proxy(request: NextRequest) {
  const policy = contentSecurityPolicy(newNonce(), { development: process.env.NODE_ENV === 'development' })
  // Next.js reads the nonce from the request's policy while it renders, and the browser enforces the response's.
  const requestHeaders = new Headers(request.headers)
  requestHeaders.set('content-security-policy', policy)
  const response = NextResponse.next({ request: { headers: requestHeaders } })
  response.headers.set('content-security-policy', policy)
  return response
}

export const config = {
  matcher: [
    {
      // Pages only: the forwarded api and auth routes answer JSON, and static files are the same for everyone.
      source: '/((?!api/|_next/static|_next/image|favicon.ico|health).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
}
