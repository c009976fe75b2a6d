import { clientAddress } from '@/lib/client-address.server'
import { forwardRequest } from '@/lib/forward-request.server'
import { webConfig, webLogger } from '@/lib/web-config.server'

export const dynamic = 'force-dynamic'

/** `/api/{userId}/export` on the browser's origin is the api's "download my data", streamed through as it comes. */
function forwardToApi(request: Request): Promise<Response> {
  return forwardRequest(request, { target: webConfig().apiUrl, clientAddress: clientAddress(request.headers), logger: webLogger() })
}

export { forwardToApi as DELETE, forwardToApi as GET, forwardToApi as HEAD, forwardToApi as OPTIONS, forwardToApi as PATCH, forwardToApi as POST, forwardToApi as PUT }
