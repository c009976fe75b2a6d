import { authPathNotFound, isBrowserAuthEndpoint } from '@/lib/auth-allowlist.server'
import { clientAddress } from '@/lib/client-address.server'
import { forwardRequest } from '@/lib/forward-request.server'
import { webConfig, webLogger } from '@/lib/web-config.server'

export const dynamic = 'force-dynamic'

/**
 * `/api/auth/*` on the browser's origin is the auth service, for the endpoints the product uses only; its answers lose
 * their raw session tokens on the way.
 */
async function forwardToAuth(request: Request): Promise<Response> {
  if (!isBrowserAuthEndpoint(request.method, new URL(request.url).pathname)) return authPathNotFound(request)
  return forwardRequest(request, { target: webConfig().authUrl, clientAddress: clientAddress(request.headers), withoutTokens: true, logger: webLogger() })
}

export { forwardToAuth as DELETE, forwardToAuth as GET, forwardToAuth as HEAD, forwardToAuth as OPTIONS, forwardToAuth as PATCH, forwardToAuth as POST, forwardToAuth as PUT }
