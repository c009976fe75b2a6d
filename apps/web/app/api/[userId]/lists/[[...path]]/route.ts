import { clientAddress } from '@/lib/client-address.server'
import { forwardRequest } from '@/lib/forward-request.server'
import { webConfig, webLogger } from '@/lib/web-config.server'

export const dynamic = 'force-dynamic'

/** `/api/{userId}/lists…` on the browser's origin is the lists API, forwarded exactly as the tasks routes are. */
function forwardToApi(request: Request): Promise<Response> {
  return forwardRequest(request, { target: webConfig().apiUrl, clientAddress: clientAddress(request.headers), logger: webLogger() })
}

export { forwardToApi as DELETE, forwardToApi as GET, forwardToApi as HEAD, forwardToApi as OPTIONS, forwardToApi as PATCH, forwardToApi as POST, forwardToApi as PUT }
