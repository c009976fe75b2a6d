import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forwardRequest } from './forward-request.server'

interface Received {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: Buffer
}

/** A backend that records what reached it and answers what the test asks for (`x-answer`: a JSON `Answer`). */
interface Answer {
  status?: number
  headers?: Array<[string, string]>
  body?: string
}

let backend: Server
let target: string
const received: Received[] = []
const warnings: unknown[] = []
const logger = { warn: (details: unknown) => void warnings.push(details) }

beforeAll(async () => {
  backend = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) })
      const answer = JSON.parse(String(request.headers['x-answer'] ?? '{}')) as Answer
      for (const [name, value] of answer.headers ?? []) response.appendHeader(name, value)
      response.statusCode = answer.status ?? 200
      response.end(answer.body ?? 'ok')
    })
  })
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
  target = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => backend.close(resolve))
})

/** Forwards a request made on the web origin and returns the answer and what the backend received. */
async function forward(init: RequestInit & { path?: string; answer?: Answer; clientAddress?: string; withoutTokens?: boolean } = {}) {
  const { path = '/api/auth/get-session?x=1', answer, clientAddress = '203.0.113.7', withoutTokens, ...requestInit } = init
  const headers = new Headers(requestInit.headers)
  if (answer) headers.set('x-answer', JSON.stringify(answer))
  const request = new Request(`http://localhost:3000${path}`, { ...requestInit, headers, ...(requestInit.body ? { duplex: 'half' } : {}) } as RequestInit)
  const before = received.length
  const response = await forwardRequest(request, { target, clientAddress, withoutTokens, logger })
  return { response, received: received.slice(before)[0] }
}

describe('forwardRequest: what reaches the backend', () => {
  it('keeps the path, query, method, cookies and end-to-end headers', async () => {
    const { received } = await forward({ path: '/api/u1/tasks/t1/complete?a=1&b=%20', method: 'PATCH', headers: { cookie: 'a=1; b=2', 'sec-fetch-site': 'same-origin', origin: 'http://localhost:3000' } })
    expect(received).toMatchObject({ method: 'PATCH', url: '/api/u1/tasks/t1/complete?a=1&b=%20' })
    expect(received?.headers).toMatchObject({ cookie: 'a=1; b=2', 'sec-fetch-site': 'same-origin', origin: 'http://localhost:3000', 'x-forwarded-host': 'localhost:3000' })
  })

  it('drops hop-by-hop headers, and those the Connection header names', async () => {
    const { response, received } = await forward({
      method: 'POST',
      body: '{}',
      headers: {
        connection: 'keep-alive, x-hop',
        'x-hop': 'only this connection',
        'keep-alive': 'timeout=5',
        te: 'trailers',
        trailer: 'x-late',
        expect: '100-continue',
        'proxy-authorization': 'Basic eDp5',
        'proxy-connection': 'keep-alive',
        'x-end-to-end': 'kept',
      },
    })
    expect(response.status).toBe(200)
    for (const name of ['x-hop', 'keep-alive', 'te', 'trailer', 'expect', 'proxy-authorization', 'proxy-connection']) expect(received?.headers, name).not.toHaveProperty(name)
    expect(received?.headers['x-end-to-end']).toBe('kept')
  })

  it("replaces the client's own X-Forwarded-For with the client's address as the only hop", async () => {
    const { received } = await forward({ headers: { 'x-forwarded-for': '6.6.6.6, 7.7.7.7' }, clientAddress: '198.51.100.4' })
    expect(received?.headers['x-forwarded-for']).toBe('198.51.100.4')
  })

  it('sends no X-Forwarded-For at all when the address is unknown, rather than the one the client sent', async () => {
    const { received } = await forward({ headers: { 'x-forwarded-for': '6.6.6.6' }, clientAddress: '' })
    expect(received?.headers).not.toHaveProperty('x-forwarded-for')
  })

  it('streams a 16 KiB body through byte for byte, with its length', async () => {
    const body = Buffer.alloc(16 * 1024, 'é').subarray(0, 16 * 1024)
    const { response, received } = await forward({ path: '/api/u1/tasks', method: 'POST', body, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } })
    expect(response.status).toBe(200)
    expect(received?.headers['content-length']).toBe(String(16 * 1024))
    expect(received?.body.equals(body)).toBe(true)
  })

  it('passes a body sent in chunks (no Content-Length) whole', async () => {
    const parts = ['{"title":', '"chunked"}']
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part))
        controller.close()
      },
    })
    const { received } = await forward({ path: '/api/u1/tasks', method: 'POST', body: stream, headers: { 'transfer-encoding': 'chunked' } })
    expect(received?.body.toString()).toBe(parts.join(''))
  })

  it.each(['PATCH', 'DELETE', 'POST'])('sends an empty %s as one with no body', async (method) => {
    const { response, received } = await forward({ path: '/api/u1/tasks/t1', method, headers: { 'content-length': '0' } })
    expect(response.status).toBe(200)
    expect(received?.body.length).toBe(0)
    expect(received?.headers['transfer-encoding']).toBeUndefined()
  })
})

describe('forwardRequest: request ids', () => {
  it('keeps the request id it was given and returns it', async () => {
    const { response, received } = await forward({ headers: { 'x-request-id': 'trace-web-1' } })
    expect(received?.headers['x-request-id']).toBe('trace-web-1')
    expect(response.headers.get('x-request-id')).toBe('trace-web-1')
  })

  it.each([
    ['none', undefined],
    ['one with a space', 'not valid'],
    ['one too long', 'x'.repeat(256)],
  ])('makes one when it was given %s, and sends the same both ways', async (_name, given) => {
    const { response, received } = await forward({ headers: given === undefined ? {} : { 'x-request-id': given } })
    const made = received?.headers['x-request-id']
    expect(made).toMatch(/^[0-9a-f-]{36}$/)
    expect(response.headers.get('x-request-id')).toBe(made)
  })
})

describe('forwardRequest: what reaches the browser', () => {
  it('passes every Set-Cookie through unchanged and in order', async () => {
    const cookies = [
      'better-auth.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax',
      'better-auth.session_data=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax',
      'better-auth.dont_remember=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax',
    ]
    const { response } = await forward({ answer: { headers: cookies.map((cookie) => ['set-cookie', cookie]) } })
    expect(response.headers.getSetCookie()).toEqual(cookies)
  })

  it('keeps the status and end-to-end headers, without hop-by-hop ones', async () => {
    const { response } = await forward({ answer: { status: 201, headers: [['location', '/api/u1/tasks/t2'], ['connection', 'x-hop'], ['x-hop', 'no'], ['keep-alive', 'timeout=5']], body: '{}' } })
    expect(response.status).toBe(201)
    expect(response.headers.get('location')).toBe('/api/u1/tasks/t2')
    for (const name of ['connection', 'x-hop', 'keep-alive']) expect(response.headers.has(name), name).toBe(false)
  })

  it('removes every token field from JSON answers when asked (auth)', async () => {
    const body = JSON.stringify([{ token: 'raw-1', id: 's1', nested: { token: 'raw-2', keep: true } }, { token: 'raw-3' }])
    const { response } = await forward({ withoutTokens: true, answer: { headers: [['content-type', 'application/json'], ['content-length', String(body.length)]], body } })
    expect(await response.json()).toEqual([{ id: 's1', nested: { keep: true } }, {}])
    expect(response.headers.has('content-length')).toBe(false)
  })

  it('leaves the body alone otherwise (the api)', async () => {
    const body = '{"token":"not-a-session"}'
    const { response } = await forward({ answer: { headers: [['content-type', 'application/json']], body } })
    expect(await response.text()).toBe(body)
  })
})

describe('forwardRequest: an unreachable backend', () => {
  it('answers 503 in the services’ error shape, with Retry-After and the request id, and logs a warning', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const deadTarget = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`
    await new Promise((resolve) => closed.close(resolve))
    const before = warnings.length
    const request = new Request('http://localhost:3000/api/u1/tasks', { headers: { 'x-request-id': 'trace-down' } })
    const response = await forwardRequest(request, { target: deadTarget, clientAddress: '203.0.113.7', logger })
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('2')
    expect(response.headers.get('x-request-id')).toBe('trace-down')
    expect(await response.json()).toEqual({ error_code: 'SERVICE_UNAVAILABLE', message: expect.any(String), detail: null, request_id: 'trace-down' })
    expect(warnings.length).toBe(before + 1)
  })
})
