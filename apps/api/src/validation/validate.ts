import type { MiddlewareHandler } from 'hono'
import type { z } from 'zod'
import type { ApiEnv } from '../api-env.ts'
import { AppError } from '../errors/app-error.ts'
import { toFieldProblems } from './validation-detail.ts'

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i

type Validated<Target extends string, S extends z.ZodType> = {
  in: { [K in Target]: z.input<S> }
  out: { [K in Target]: z.output<S> }
}

/**
 * The request body as JSON, checked against `schema`: 415 when it is not JSON, 400 when it does not parse,
 * 422 with each field's problem when it breaks the schema. With `optional`, an empty body validates as `{}`.
 * The body size is bounded earlier, by `bodyLimit` in create-app.
 */
export function jsonBody<S extends z.ZodType>(
  schema: S,
  { optional = false } = {},
): MiddlewareHandler<ApiEnv, string, Validated<'json', S>> {
  return async (c, next) => {
    const text = decodeUtf8(await c.req.arrayBuffer())
    const mediaType = c.req.header('content-type')?.split(';')[0]?.trim() ?? ''
    let value: unknown = {}
    if (text.length > 0 || !optional) {
      if (!JSON_MEDIA_TYPE.test(mediaType)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { detail: { content_type: mediaType || null } })
      try {
        value = JSON.parse(text)
      } catch {
        throw new AppError('MALFORMED_JSON')
      }
    }
    c.req.addValidatedData('json', check(schema, value))
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

/** The query string checked against `schema`; unknown parameters are refused by strict schemas. */
export function queryParams<S extends z.ZodType>(schema: S): MiddlewareHandler<ApiEnv, string, Validated<'query', S>> {
  return async (c, next) => {
    c.req.addValidatedData('query', check(schema, c.req.query()))
    await next()
  }
}

function check<S extends z.ZodType>(schema: S, value: unknown): object {
  const result = schema.safeParse(value)
  if (!result.success) throw new AppError('VALIDATION_FAILED', { detail: toFieldProblems(result.error) })
  return result.data as object
}
