import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { createLogger } from '@tasklane/logging'
import { requestId } from 'hono/request-id'
import { describe, expect, it } from 'vitest'
import type { ApiEnv } from '../api-env.ts'
import { ERROR_CODES } from '../errors/error-codes.ts'
import { handleError, validationHook } from '../errors/handle-error.ts'
import { jsonBody } from './json-body.ts'

const noteBody = z.strictObject({ title: z.string().trim().min(1, 'must not be empty'), pinned: z.boolean().optional() })
const searchQuery = z.strictObject({ q: z.string().min(1, 'must not be empty'), limit: z.coerce.number().int().min(1).max(10).default(5) })
const received = z.object({ received: z.unknown() })
const ok = { 200: { description: 'What the handler received', content: { 'application/json': { schema: received } } } }

const postNote = createRoute({
  method: 'post',
  path: '/notes',
  middleware: [jsonBody()] as const,
  request: { body: { required: true, content: { 'application/json': { schema: noteBody } } } },
  responses: ok,
})
const patchNote = createRoute({
  method: 'patch',
  path: '/notes/{id}',
  middleware: [jsonBody({ optional: true })] as const,
  request: { params: z.object({ id: z.uuid() }), body: { required: false, content: { 'application/json': { schema: noteBody.partial() } } } },
  responses: ok,
})
const search = createRoute({ method: 'get', path: '/search', request: { query: searchQuery }, responses: ok })

/** The api's own wiring: the default hook, the error handler, routes declared with `createRoute`. */
function testApp() {
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook })
  app.use(requestId())
  app.onError(handleError(createLogger({ service: 'test', level: 'silent' })))
  return app
    .openapi(postNote, (c) => c.json({ received: c.req.valid('json') }, 200))
    .openapi(patchNote, (c) => c.json({ received: c.req.valid('json') }, 200))
    .openapi(search, (c) => c.json({ received: c.req.valid('query') }, 200))
}

const NOTE_ID = '3f1c2a8e-5b7d-4c1e-9a2f-6d8e0b4c7a15'

/** `contentType: null` sends none at all. */
async function send(method: string, path: string, body: string | undefined, contentType: string | null = 'application/json'): Promise<Response> {
  const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {}
  // Bytes, not a string: a string body would make Request add `text/plain` when no content type is given.
  return testApp().request(path, { method, headers, ...(body === undefined ? {} : { body: new TextEncoder().encode(body) }) })
}
const post = (body: string | undefined, contentType?: string | null) => send('POST', '/notes', body, contentType)
const patch = (body: string | undefined, contentType?: string | null) => send('PATCH', `/notes/${NOTE_ID}`, body, contentType)

describe('jsonBody with a declared body schema', () => {
  it('hands the parsed, schema-checked body to the handler', async () => {
    const response = await post(JSON.stringify({ title: '  Buy milk  ', pinned: true }))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ received: { title: 'Buy milk', pinned: true } })
  })

  it.each(['application/json; charset=utf-8', 'APPLICATION/JSON', 'application/merge-patch+json'])('accepts content-type %s', async (contentType) => {
    expect((await post(JSON.stringify({ title: 'x' }), contentType)).status).toBe(200)
  })

  it('answers 415 UNSUPPORTED_MEDIA_TYPE, naming the content type, for a body that is not sent as JSON', async () => {
    const response = await post('title=x', 'application/x-www-form-urlencoded')
    expect(response.status).toBe(415)
    expect(await response.json()).toEqual({
      error_code: 'UNSUPPORTED_MEDIA_TYPE',
      message: ERROR_CODES.UNSUPPORTED_MEDIA_TYPE.message,
      detail: { content_type: 'application/x-www-form-urlencoded' },
      request_id: response.headers.get('x-request-id'),
    })
  })

  it.each([null, 'application/json; charset', 'application/vnd.v2+json'])('answers 415 for content type %j, as the route’s own media-type check would', async (contentType) => {
    const response = await post(JSON.stringify({ title: 'x' }), contentType)
    expect(response.status).toBe(415)
    const named = contentType === null ? null : contentType.split(';')[0]
    expect(await response.json()).toMatchObject({ error_code: 'UNSUPPORTED_MEDIA_TYPE', detail: { content_type: named } })
  })

  it('answers 400 MALFORMED_JSON for a body that does not parse, or is empty', async () => {
    for (const body of ['{"title": "x",', '']) {
      const response = await post(body)
      expect(response.status).toBe(400)
      expect(await response.json()).toMatchObject({ error_code: 'MALFORMED_JSON', message: ERROR_CODES.MALFORMED_JSON.message, detail: null })
    }
  })

  it('answers 400 MALFORMED_JSON for bytes that are not UTF-8', async () => {
    const response = await testApp().request('/notes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0xff, 0x7d]) })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error_code: 'MALFORMED_JSON', message: 'The request body is not valid UTF-8.' })
  })

  it('answers 422 VALIDATION_FAILED naming each field and its problem, and unknown fields', async () => {
    const response = await post(JSON.stringify({ title: '   ', pinned: 'yes', owner: 'u2' }))
    expect(response.status).toBe(422)
    const body = (await response.json()) as { error_code: string; detail: { field: string; message: string }[] }
    expect(body.error_code).toBe('VALIDATION_FAILED')
    expect(body.detail).toEqual([
      { field: 'title', message: 'must not be empty' },
      { field: 'pinned', message: expect.any(String) },
      { field: 'owner', message: 'is not a known field' },
    ])
  })

  it('names the body itself when the JSON is not an object', async () => {
    const response = await post('[1, 2]')
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ error_code: 'VALIDATION_FAILED', detail: [{ field: '(body)' }] })
  })
})

describe('jsonBody with an optional body', () => {
  it('takes an empty body as {} whatever its content type', async () => {
    for (const contentType of [null, 'application/json', 'text/plain']) {
      const response = await patch(undefined, contentType)
      expect(response.status, String(contentType)).toBe(200)
      expect(await response.json()).toEqual({ received: {} })
    }
    expect((await patch('', 'application/json')).status).toBe(200)
  })

  it('still checks a body that is sent', async () => {
    expect((await patch(JSON.stringify({ pinned: false }))).status).toBe(200)
    expect((await patch('{', 'application/json')).status).toBe(400)
    expect((await patch('{}', 'text/plain')).status).toBe(415)
    expect((await patch(JSON.stringify({ pinned: 'no' }))).status).toBe(422)
  })
})

describe('validationHook', () => {
  it('answers a path parameter that breaks its schema with 404 TASK_NOT_FOUND, not 422', async () => {
    const response = await send('PATCH', '/notes/not-a-uuid', JSON.stringify({ pinned: true }))
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error_code: 'TASK_NOT_FOUND', detail: null })
  })

  it('hands the checked query, with defaults, to the handler', async () => {
    const response = await testApp().request('/search?q=milk')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ received: { q: 'milk', limit: 5 } })
  })

  it('answers 422 naming a bad, unknown or missing query parameter', async () => {
    for (const [query, field] of [
      ['q=milk&limit=11', 'limit'],
      ['q=milk&page=2', 'page'],
      ['', 'q'],
    ]) {
      const response = await testApp().request(`/search?${query}`)
      expect(response.status, query).toBe(422)
      expect(await response.json()).toMatchObject({ error_code: 'VALIDATION_FAILED', detail: [{ field }] })
    }
  })
})
