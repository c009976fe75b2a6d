import { Writable } from 'node:stream'
import { createLogger } from '@tasklane/logging'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import { describe, expect, it } from 'vitest'
import type { ApiEnv } from '../api-env.ts'
import { AppError } from './app-error.ts'
import { ERROR_CODES } from './error-codes.ts'
import { handleError } from './handle-error.ts'

const SQL_MESSAGE = 'duplicate key value violates unique constraint "tasks_pkey" in: insert into "tasks" ("id", "title") values ($1, $2)'

function appThrowing(error: unknown, logger = createLogger({ service: 'test', level: 'silent' })): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>()
  app.use(requestId())
  app.onError(handleError(logger))
  app.get('/boom', () => {
    throw error
  })
  return app
}

async function errorResponse(error: unknown): Promise<{ response: Response; text: string; body: unknown; requestId: string | null }> {
  const response = await appThrowing(error).request('/boom')
  const text = await response.text()
  return { response, text, body: JSON.parse(text), requestId: response.headers.get('x-request-id') }
}

function errnoError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code })
}

describe('handleError', () => {
  it('answers an AppError with its status and the one error shape', async () => {
    const { response, body, requestId } = await errorResponse(new AppError('TASK_NOT_FOUND'))
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(body).toEqual({ error_code: 'TASK_NOT_FOUND', message: ERROR_CODES.TASK_NOT_FOUND.message, detail: null, request_id: requestId })
    expect(response.headers.get('retry-after')).toBeNull()
  })

  it('passes an AppError detail through', async () => {
    const detail = [{ field: 'title', message: 'must not be empty' }]
    const { response, body, requestId } = await errorResponse(new AppError('VALIDATION_FAILED', { detail }))
    expect(response.status).toBe(422)
    expect(body).toEqual({ error_code: 'VALIDATION_FAILED', message: ERROR_CODES.VALIDATION_FAILED.message, detail, request_id: requestId })
  })

  it('sets Retry-After from an AppError that has one', async () => {
    const { response, body } = await errorResponse(new AppError('AUTH_UNAVAILABLE', { retryAfter: 2 }))
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('2')
    expect(body).toMatchObject({ error_code: 'AUTH_UNAVAILABLE', detail: null })
  })

  it('hides the message and stack of an unexpected error behind INTERNAL_ERROR', async () => {
    const error = new Error(SQL_MESSAGE)
    expect(error.stack).toContain('    at ')
    const { response, text, body, requestId } = await errorResponse(error)
    expect(response.status).toBe(500)
    expect(body).toEqual({ error_code: 'INTERNAL_ERROR', message: ERROR_CODES.INTERNAL_ERROR.message, detail: null, request_id: requestId })
    expect(text).not.toContain('insert into')
    expect(text).not.toContain('tasks_pkey')
    expect(text).not.toMatch(/\bat /)
  })

  it('carries the caller’s request id in the body as in the X-Request-Id header', async () => {
    const response = await appThrowing(new AppError('TASK_NOT_FOUND')).request('/boom', { headers: { 'x-request-id': 'req-7' } })
    expect(response.headers.get('x-request-id')).toBe('req-7')
    expect(await response.json()).toMatchObject({ error_code: 'TASK_NOT_FOUND', request_id: 'req-7' })
  })

  it('logs a 5xx with the original error and the request id, so the hidden detail is not lost', async () => {
    const lines: string[] = []
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString())
        done()
      },
    })
    const app = appThrowing(new Error(SQL_MESSAGE), createLogger({ service: 'test', level: 'info', destination }))
    const response = await app.request('/boom', { headers: { 'x-request-id': 'req-42' } })
    expect(response.status).toBe(500)
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 50, msg: 'INTERNAL_ERROR', reqId: 'req-42', err: { message: SQL_MESSAGE } })
  })

  it('does not log a 4xx: it is the client’s mistake, not ours', async () => {
    const lines: string[] = []
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString())
        done()
      },
    })
    const app = appThrowing(new AppError('TASK_NOT_FOUND'), createLogger({ service: 'test', level: 'info', destination }))
    expect((await app.request('/boom')).status).toBe(404)
    expect(lines).toEqual([])
  })

  it('answers DATABASE_UNAVAILABLE with Retry-After for a refused connection, without the driver message', async () => {
    const { response, text, body, requestId } = await errorResponse(errnoError('connect ECONNREFUSED 127.0.0.1:55432', 'ECONNREFUSED'))
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('2')
    expect(body).toEqual({ error_code: 'DATABASE_UNAVAILABLE', message: ERROR_CODES.DATABASE_UNAVAILABLE.message, detail: null, request_id: requestId })
    expect(text).not.toContain('55432')
  })

  it('finds a refused connection wrapped as the cause of another error, as Drizzle wraps driver errors', async () => {
    const wrapped = new Error('Failed query: select * from "tasks" where "user_id" = $1', {
      cause: errnoError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
    })
    const { response, text, body } = await errorResponse(wrapped)
    expect(response.status).toBe(503)
    expect(body).toMatchObject({ error_code: 'DATABASE_UNAVAILABLE' })
    expect(text).not.toContain('select')
  })

  it.each([
    ['a PostgreSQL connection-class SQLSTATE', errnoError('connection failure', '08006')],
    ['a PostgreSQL shutdown', errnoError('terminating connection due to administrator command', '57P01')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['a connection that ended mid-query', new Error('Connection terminated unexpectedly')],
  ])('answers DATABASE_UNAVAILABLE for %s', async (_name, error) => {
    const { response, body } = await errorResponse(error)
    expect(response.status).toBe(503)
    expect(body).toMatchObject({ error_code: 'DATABASE_UNAVAILABLE' })
  })

  it('answers INTERNAL_ERROR, not DATABASE_UNAVAILABLE, for a query bug with a SQLSTATE of another class', async () => {
    const { response, body } = await errorResponse(errnoError('column "titel" does not exist', '42703'))
    expect(response.status).toBe(500)
    expect(body).toMatchObject({ error_code: 'INTERNAL_ERROR' })
  })

  it('maps Hono’s HTTPException by status: 413 becomes PAYLOAD_TOO_LARGE', async () => {
    const { response, body, requestId } = await errorResponse(new HTTPException(413, { message: 'Payload Too Large' }))
    expect(response.status).toBe(413)
    expect(body).toEqual({ error_code: 'PAYLOAD_TOO_LARGE', message: ERROR_CODES.PAYLOAD_TOO_LARGE.message, detail: null, request_id: requestId })
  })

  it('maps an HTTPException 401 to UNAUTHENTICATED', async () => {
    const { response, body } = await errorResponse(new HTTPException(401))
    expect(response.status).toBe(401)
    expect(body).toMatchObject({ error_code: 'UNAUTHENTICATED' })
  })

  it('answers INTERNAL_ERROR for an HTTPException whose status has no code', async () => {
    const { response, body } = await errorResponse(new HTTPException(418, { message: 'teapot internals' }))
    expect(response.status).toBe(500)
    expect(body).toMatchObject({ error_code: 'INTERNAL_ERROR' })
  })
})
