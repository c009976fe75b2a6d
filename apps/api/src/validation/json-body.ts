import type { MiddlewareHandler } from 'hono'
import type { ApiEnv } from '../api-env.ts'
import { AppError } from '../errors/app-error.ts'

// The media types @hono/zod-openapi lets through to a route that declares `application/json` (its `jsonRequestRegex`):
// checking the same rule here means every 415 is ours, naming the content type.
const JSON_CONTENT_TYPE = /^application\/([a-z.-]+\+)?json(;\s*[a-z0-9-]+=[^;]+)*$/i

/**
 * What a route's zod body schema cannot say about the body: it must be sent as JSON (415), be UTF-8 (400) and parse
 * (400 MALFORMED_JSON). The route's declared schema then checks it (422, in `validationHook`). With `optional`, an
 * empty body is no body at all, whatever its Content-Type, and the route sees `{}`. Its size is bounded before this,
 * by `limitWriteBodies` in create-app.
 */
export function jsonBody({ optional = false } = {}): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const text = decodeUtf8(await c.req.arrayBuffer())
    if (optional && text.length === 0) {
      // The route's validator reads a body by its Content-Type and takes `{}` without one; @hono/zod-openapi would
      // refuse an empty body labelled text/plain with 415. Handing on a new `c.req.raw` is what Hono's bodyLimit does.
      const headers = new Headers(c.req.raw.headers)
      headers.delete('content-type')
      headers.delete('content-length')
      c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers })
      return next()
    }
    const contentType = c.req.header('content-type') ?? ''
    if (!JSON_CONTENT_TYPE.test(contentType)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', { detail: { content_type: contentType.split(';')[0]?.trim() || null } })
    }
    try {
      JSON.parse(text)
    } catch {
      throw new AppError('MALFORMED_JSON')
    }
    await next()
  }
}

// Fatal: bytes that are not UTF-8 are refused, rather than silently stored as U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true })

function decodeUtf8(body: ArrayBuffer): string {
  try {
    return utf8.decode(body)
  } catch {
    throw new AppError('MALFORMED_JSON', { message: 'The request body is not valid UTF-8.' })
  }
}
