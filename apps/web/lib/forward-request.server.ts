import { errorBody } from '@tasklane/http/error-body'
import { MAX_REQUEST_BODY_BYTES } from '@tasklane/http/limit-write-bodies'
import type { Logger } from '@tasklane/logging'

export interface ForwardOptions {
  /** The backend's origin, e.g. `http://127.0.0.1:3001`; the request's path and query are appended unchanged. */
  target: string
  /** The address of the client, as this server knows it (`client-address.server.ts`); the only `X-Forwarded-For` hop. */
  clientAddress: string | undefined
  /** Remove `token` fields from JSON answers (auth's). */
  withoutTokens?: boolean
  logger: Pick<Logger, 'warn'>
}

// Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection, not the request: Node's fetch refuses several of them
// (`Expect`, `Connection: upgrade`, `Transfer-Encoding`) and would fail the whole request. `Host` and
// `Accept-Encoding` belong to the connection to the backend too: fetch sets the first and decodes what it asks for.
const REQUEST_HEADERS_NOT_FORWARDED = ['connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'transfer-encoding', 'expect', 'host', 'accept-encoding']
const RESPONSE_HEADERS_NOT_FORWARDED = ['connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'transfer-encoding']
const REQUEST_ID = /^[\w\-=]{1,255}$/
/*
 * Both backends refuse a body over MAX_REQUEST_BODY_BYTES (413) as soon as they have read that much, and close the
 * connection. A body streamed on to them was then still being written: fetch failed with EPIPE and the client got a 503
 * for its own oversized (or otherwise refused) request. So a body is read whole first, and one over the limit refused here.
 */

/**
 * Sends `request` on to `target` and its answer back, as the browser's one origin needs: cookies and every `Set-Cookie`
 * unchanged, the request body read whole (up to `MAX_REQUEST_BODY_BYTES`) and the answer streamed back, the request id
 * kept (or made) and returned, the client's address as the only `X-Forwarded-For` hop (what the client sent there is
 * dropped), and a 503 in the services' error shape when the backend cannot be reached.
 */
export async function forwardRequest(request: Request, { target, clientAddress, withoutTokens = false, logger }: ForwardOptions): Promise<Response> {
  const url = new URL(request.url)
  const requestId = requestIdOf(request.headers)
  const headers = forwardedHeaders(request.headers, connectionHeaders(request.headers), REQUEST_HEADERS_NOT_FORWARDED)
  headers.set('x-request-id', requestId)
  headers.delete('x-forwarded-for')
  if (clientAddress) headers.set('x-forwarded-for', clientAddress)
  headers.set('x-forwarded-host', request.headers.get('host') ?? url.host)
  headers.set('x-forwarded-proto', url.protocol.slice(0, -1))
  // fetch sets the length of the body it sends.
  headers.delete('content-length')

  let body: Uint8Array<ArrayBuffer> | null = null
  // fetch throws on a GET or HEAD with a body (a 503 for the client's own request), and no backend reads one: dropped.
  if (hasBody(request.headers) && request.method !== 'GET' && request.method !== 'HEAD') {
    try {
      body = await readBody(request, MAX_REQUEST_BODY_BYTES)
    } catch {
      // The client went away mid-body; nobody is left to read the answer.
      return Response.json(errorBody(requestId, 'BAD_REQUEST', 'The request body ended early.'), { status: 400, headers: { 'x-request-id': requestId } })
    }
    if (body === null) {
      return Response.json(errorBody(requestId, 'PAYLOAD_TOO_LARGE', 'The request body is too large.', { max_bytes: MAX_REQUEST_BODY_BYTES }), {
        status: 413,
        headers: { 'x-request-id': requestId },
      })
    }
  }

  let response: Response
  try {
    response = await forwardingFetch(`${target}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body,
      redirect: 'manual',
      signal: request.signal,
    })
  } catch (error) {
    if (!request.signal.aborted) logger.warn({ err: error, reqId: requestId, target }, 'backend unreachable')
    return Response.json(errorBody(requestId, 'SERVICE_UNAVAILABLE', 'The service is not reachable right now; try again shortly.'), {
      status: 503,
      headers: { 'retry-after': '2', 'x-request-id': requestId },
    })
  }

  const answer = forwardedHeaders(response.headers, connectionHeaders(response.headers), RESPONSE_HEADERS_NOT_FORWARDED)
  // fetch has decoded the body already; the length and encoding of the encoded one no longer describe it.
  if (answer.has('content-encoding')) {
    answer.delete('content-encoding')
    answer.delete('content-length')
  }
  answer.set('x-request-id', requestId)
  if (answer.get('content-type')?.startsWith('text/event-stream')) keepStreamed(answer)
  if (withoutTokens && answer.get('content-type')?.includes('application/json')) return withoutTokenFields(response, answer)
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: answer })
}

/**
 * Next.js replaces the global `fetch` with one that traces and caches for its pages (node_modules/next/dist/server/lib/
 * patch-fetch.js) and keeps Node's own as `_nextOriginalFetch`. Forwarding needs neither (see docs/decisions/008).
 */
const forwardingFetch: typeof fetch = (globalThis.fetch as typeof fetch & { _nextOriginalFetch?: typeof fetch })._nextOriginalFetch ?? globalThis.fetch

/**
 * A Server-Sent Events answer (the live task updates) must reach the browser event by event. Next's `compress` (the
 * `compression` middleware) and proxies in front would gzip it, holding small events back in the compressor; they all
 * leave an answer marked `Cache-Control: no-transform` alone. `X-Accel-Buffering: no` does the same for nginx. The body
 * itself is passed on as it arrives (`new Response(response.body)`), and the client going away aborts the upstream
 * request through `request.signal`.
 */
function keepStreamed(headers: Headers): void {
  const cacheControl = headers.get('cache-control')
  if (!cacheControl?.includes('no-transform')) headers.set('cache-control', cacheControl ? `${cacheControl}, no-transform` : 'no-cache, no-transform')
  headers.set('x-accel-buffering', 'no')
}

function requestIdOf(headers: Headers): string {
  const given = headers.get('x-request-id')
  return given && REQUEST_ID.test(given) ? given : crypto.randomUUID()
}

/** The header names a `Connection` header lists are hop-by-hop too. */
function connectionHeaders(headers: Headers): string[] {
  return (headers.get('connection') ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean)
}

function forwardedHeaders(from: Headers, ...excluded: string[][]): Headers {
  const headers = new Headers(from)
  for (const name of excluded.flat()) headers.delete(name)
  const proxyHeaders: string[] = []
  headers.forEach((_value, name) => name.startsWith('proxy-') && proxyHeaders.push(name))
  for (const name of proxyHeaders) headers.delete(name)
  return headers
}

function hasBody(headers: Headers): boolean {
  return headers.has('transfer-encoding') || Number(headers.get('content-length') ?? 0) > 0
}

/** The whole body, or null as soon as it is known to be longer than `maxBytes` (the rest is never read). */
async function readBody(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) return null
  const reader = request.body?.getReader()
  const chunks: Uint8Array[] = []
  let length = 0
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    length += read.value.byteLength
    if (length > maxBytes) {
      await reader?.cancel().catch(() => undefined)
      return null
    }
    chunks.push(read.value)
  }
  const body = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}

/**
 * Better Auth puts raw session tokens in some JSON bodies (get-session, list-sessions). A browser must only ever hold
 * a token as an HttpOnly cookie, where no script can read it, so every `token` field is removed.
 */
async function withoutTokenFields(response: Response, headers: Headers): Promise<Response> {
  const text = await response.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return new Response(text, { status: response.status, statusText: response.statusText, headers })
  }
  headers.delete('content-length')
  return new Response(JSON.stringify(stripTokens(body)), { status: response.status, statusText: response.statusText, headers })
}

function stripTokens(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripTokens)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'token').map(([key, inner]) => [key, stripTokens(inner)]))
}
