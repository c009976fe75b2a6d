import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { trustedOriginCors } from './trusted-origin-cors.ts'

const TRUSTED = 'http://localhost:3000'

function app() {
  const hono = new Hono()
  hono.use(trustedOriginCors({ trustedOrigins: [TRUSTED], allowMethods: ['GET', 'POST', 'OPTIONS'] }))
  hono.get('/thing', (c) => c.json({ ok: true }))
  // Finished answers, as Better Auth's handler and a proxy return them; a redirect's headers are immutable.
  hono.get('/finished', () => new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } }))
  hono.get('/redirect', () => Response.redirect('http://localhost:3000/elsewhere', 302))
  return hono
}

describe('trustedOriginCors', () => {
  it('allows a trusted origin with credentials', async () => {
    const response = await app().request('/thing', { headers: { origin: TRUSTED } })
    expect(response.headers.get('access-control-allow-origin')).toBe(TRUSTED)
    expect(response.headers.get('access-control-allow-credentials')).toBe('true')
    expect(response.headers.get('vary')).toContain('Origin')
    expect(await response.json()).toEqual({ ok: true })
  })

  it('answers a trusted preflight with the allowed methods', async () => {
    const response = await app().request('/thing', { method: 'OPTIONS', headers: { origin: TRUSTED, 'access-control-request-method': 'POST' } })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe(TRUSTED)
    expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST,OPTIONS')
  })

  it('gives an untrusted origin no CORS headers', async () => {
    const response = await app().request('/thing', { headers: { origin: 'https://evil.example' } })
    // Without Allow-Origin the browser refuses to share the answer (Hono still sends Allow-Credentials, unread).
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('adds only Vary: Origin to a request without an Origin, and leaves the answer as the handler built it', async () => {
    const response = await app().request('/thing')
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
    expect(response.headers.get('vary')).toBe('Origin')
    expect(response.headers.get('content-type')).toContain('application/json')
    expect(await response.json()).toEqual({ ok: true })
  })

  it('adds Vary: Origin to finished answers too, redirects included', async () => {
    for (const path of ['/finished', '/redirect']) {
      const response = await app().request(path)
      expect(response.headers.get('vary'), path).toBe('Origin')
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull()
    }
  })
})
