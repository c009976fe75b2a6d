import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import { describe, expect, it } from 'vitest'
import { echoRequestId } from './echo-request-id.ts'

function app() {
  const hono = new Hono()
  hono.use(requestId(), echoRequestId())
  hono.get('/built', (c) => c.json({ ok: true }))
  // Finished answers, as Better Auth's handler and a proxy return them; a redirect's headers are immutable.
  hono.get('/finished', () => new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } }))
  hono.get('/redirect', () => Response.redirect('http://localhost:3000/elsewhere', 302))
  hono.get('/proxied', () => new Response(null, { status: 204, headers: { 'x-request-id': 'from-backend' } }))
  return hono
}

describe('echoRequestId', () => {
  it('puts the caller’s request id on answers the app built and on finished ones, redirects included', async () => {
    for (const path of ['/built', '/finished', '/redirect']) {
      const response = await app().request(path, { headers: { 'x-request-id': 'trace-7' } })
      expect(response.headers.get('x-request-id'), path).toBe('trace-7')
    }
    expect(await (await app().request('/finished')).json()).toEqual({ ok: true })
  })

  it('generates one when the caller sent none', async () => {
    const response = await app().request('/finished')
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('leaves an id that the answer already carries', async () => {
    const response = await app().request('/proxied', { headers: { 'x-request-id': 'trace-8' } })
    expect(response.headers.get('x-request-id')).toBe('from-backend')
  })
})
