import { Writable } from 'node:stream'
import { createLogger } from '@tasklane/logging'
import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import { describe, expect, it } from 'vitest'
import { requestLogger } from './request-logger.ts'

function appWithLog() {
  const lines: Record<string, unknown>[] = []
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>)
      done()
    },
  })
  const logger = createLogger({ service: 'test', level: 'debug', destination })
  const app = new Hono()
  app.use(requestId(), requestLogger(logger, { quietPaths: ['/hot', '/hot-refused', '/hot-failing'] }))
  app.get('/hot', (c) => c.json(null))
  app.get('/hot-refused', (c) => c.json({}, 401))
  app.get('/hot-failing', (c) => c.json({}, 503))
  app.get('/other', (c) => c.json({}))
  return { app, lines }
}

// pino's numeric levels.
const DEBUG = 20
const INFO = 30
const ERROR = 50

describe('requestLogger', () => {
  it('logs one line per request with method, path, status, duration and request id, never the query string', async () => {
    const { app, lines } = appWithLog()
    await app.request('/other?token=SECRET', { headers: { 'x-request-id': 'req-1', cookie: 'better-auth.session_token=SECRET' } })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ level: INFO, msg: 'request', reqId: 'req-1', req: { method: 'GET', path: '/other' }, res: { status: 200 } })
    expect(typeof lines[0]?.ms).toBe('number')
    expect(JSON.stringify(lines)).not.toContain('SECRET')
  })

  it('logs successful answers on a quiet path at debug, and its failures and every other path as usual', async () => {
    const { app, lines } = appWithLog()
    for (const path of ['/hot', '/hot-refused', '/hot-failing', '/other']) await app.request(path)
    expect(lines.map((line) => [(line.req as { path: string }).path, (line.res as { status: number }).status, line.level])).toEqual([
      ['/hot', 200, DEBUG],
      ['/hot-refused', 401, INFO],
      ['/hot-failing', 503, ERROR],
      ['/other', 200, INFO],
    ])
  })
})
