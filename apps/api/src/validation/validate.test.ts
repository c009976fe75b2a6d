import { createLogger } from '@tasklane/logging'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { ApiEnv } from '../api-env.ts'
import { ERROR_CODES } from '../errors/error-codes.ts'
import { handleError } from '../errors/handle-error.ts'
import { jsonBody, queryParams } from './validate.ts'

const noteBody = z.strictObject({ title: z.string().trim().min(1, 'must not be empty'), pinned: z.boolean().optional() })
const searchQuery = z.strictObject({ q: z.string().min(1, 'must not be empty'), limit: z.coerce.number().int().min(1).max(10).default(5) })

function testApp(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>()
  app.onError(handleError(createLogger({ service: 'test', level: 'silent' })))
  app.post('/notes', jsonBody(noteBody), (c) => c.json({ received: c.req.valid('json') }))
  app.post('/notes/optional', jsonBody(noteBody.partial(), { optional: true }), (c) => c.json({ received: c.req.valid('json') }))
  app.get('/search', queryParams(searchQuery), (c) => c.json({ received: c.req.valid('query') }))
  return app
}

/** `contentType: null` sends none at all. */
async function post(path: string, body: string | undefined, contentType: string | null = 'application/json'): Promise<Response> {
  const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {}
  // Bytes, not a string: a string body would make Request add `text/plain` when no content type is given.
  return testApp().request(path, { method: 'POST', headers, ...(body === undefined ? {} : { body: new TextEncoder().encode(body) }) })
}

describe('jsonBody', () => {
  it('hands the parsed, schema-checked body to the handler', async () => {
    const response = await post('/notes', JSON.stringify({ title: '  Buy milk  ', pinned: true }))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ received: { title: 'Buy milk', pinned: true } })
  })

  it.each(['application/json; charset=utf-8', 'APPLICATION/JSON', 'application/merge-patch+json'])('accepts content-type %s', async (contentType) => {
    const response = await post('/notes', JSON.stringify({ title: 'x' }), contentType)
    expect(response.status).toBe(200)
  })

  it('answers 415 UNSUPPORTED_MEDIA_TYPE, naming the content type, for a body that is not sent as JSON', async () => {
    const response = await post('/notes', 'title=x', 'application/x-www-form-urlencoded')
    expect(response.status).toBe(415)
    expect(await response.json()).toEqual({
      error_code: 'UNSUPPORTED_MEDIA_TYPE',
      message: ERROR_CODES.UNSUPPORTED_MEDIA_TYPE.message,
      detail: { content_type: 'application/x-www-form-urlencoded' },
    })
  })

  it('answers 415 when there is no content type at all, even if the body is JSON', async () => {
    const response = await post('/notes', JSON.stringify({ title: 'x' }), null)
    expect(response.status).toBe(415)
    expect(await response.json()).toMatchObject({ error_code: 'UNSUPPORTED_MEDIA_TYPE', detail: { content_type: null } })
  })

  it('answers 400 MALFORMED_JSON for a body that does not parse', async () => {
    const response = await post('/notes', '{"title": "x",')
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error_code: 'MALFORMED_JSON', message: ERROR_CODES.MALFORMED_JSON.message, detail: null })
  })

  it('answers 400 MALFORMED_JSON for an empty body when the body is required', async () => {
    const response = await post('/notes', '')
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error_code: 'MALFORMED_JSON' })
  })

  it('answers 422 VALIDATION_FAILED naming each field and its problem', async () => {
    const response = await post('/notes', JSON.stringify({ title: '   ', pinned: 'yes' }))
    expect(response.status).toBe(422)
    const body = (await response.json()) as { error_code: string; detail: { field: string; message: string }[] }
    expect(body.error_code).toBe('VALIDATION_FAILED')
    expect(body.detail).toEqual([
      { field: 'title', message: 'must not be empty' },
      { field: 'pinned', message: expect.any(String) },
    ])
  })

  it('names unknown fields as the problem in a 422', async () => {
    const response = await post('/notes', JSON.stringify({ title: 'x', owner: 'u2' }))
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ error_code: 'VALIDATION_FAILED', detail: [{ field: 'owner', message: 'is not a known field' }] })
  })

  it('names the body itself when the JSON is not an object', async () => {
    const response = await post('/notes', '[1, 2]')
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ error_code: 'VALIDATION_FAILED', detail: [{ field: '(body)' }] })
  })

  it('with optional, validates an empty body as {} whatever the content type', async () => {
    for (const contentType of [null, 'application/json', 'text/plain']) {
      const response = await post('/notes/optional', undefined, contentType)
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ received: {} })
    }
  })

  it('with optional, still checks a body that is sent', async () => {
    expect((await post('/notes/optional', JSON.stringify({ pinned: false }))).status).toBe(200)
    expect((await post('/notes/optional', '{', 'application/json')).status).toBe(400)
    expect((await post('/notes/optional', '{}', 'text/plain')).status).toBe(415)
    expect((await post('/notes/optional', JSON.stringify({ pinned: 'no' }))).status).toBe(422)
  })
})

describe('queryParams', () => {
  it('hands the checked query, with defaults, to the handler', async () => {
    const response = await testApp().request('/search?q=milk')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ received: { q: 'milk', limit: 5 } })
  })

  it('answers 422 VALIDATION_FAILED naming the bad parameter', async () => {
    const response = await testApp().request('/search?q=milk&limit=11')
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ error_code: 'VALIDATION_FAILED', detail: [{ field: 'limit' }] })
  })

  it('refuses parameters the schema does not know', async () => {
    const response = await testApp().request('/search?q=milk&page=2')
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ error_code: 'VALIDATION_FAILED', detail: [{ field: 'page', message: 'is not a known field' }] })
  })

  it('names a missing required parameter', async () => {
    const response = await testApp().request('/search')
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ detail: [{ field: 'q' }] })
  })
})
