import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningService, type TestUser, TRUSTED_ORIGIN, apiCall, signUp, startApi, startAuth } from '../support/test-stack.ts'
import { errorKeys, rawRequest } from './raw-request.ts'

/**
 * Text the database cannot store exactly as sent is refused with 422, never turned into a 500 or silently changed:
 * - a NUL character (`\u0000`) in a title, a description or a title cursor (PostgreSQL refuses it, SQLSTATE 22021);
 * - a lone surrogate (`\ud800`), which would be stored as U+FFFD;
 * - bytes that are not UTF-8, which a lenient decoder would store as U+FFFD.
 */
let auth: RunningService
let api: RunningService
let user: TestUser
let taskId: string

beforeAll(async () => {
  auth = await startAuth()
  api = await startApi(auth.url)
  user = await signUp(auth.url)
  const created = await apiCall(api.url, user.cookie)('POST', `/api/${user.userId}/tasks`, { title: 'target', description: 'unchanged' })
  taskId = ((await created.json()) as { id: string }).id
})
afterAll(async () => {
  await api?.close()
  await auth?.close()
})

async function tasks(): Promise<unknown> {
  return (await apiCall(api.url, user.cookie)('GET', `/api/${user.userId}/tasks?limit=100`)).json()
}

async function expectRefusedWrites(body: string | Buffer, status: number, code: string) {
  const before = await tasks()
  for (const [method, path] of [
    ['POST', `/api/${user.userId}/tasks`],
    ['PUT', `/api/${user.userId}/tasks/${taskId}`],
  ] as const) {
    const response = await rawRequest(api.url, { method, path, headers: { cookie: user.cookie, origin: TRUSTED_ORIGIN, 'content-type': 'application/json' }, body })
    expect(response.status, `${method} ${response.text}`).toBe(status)
    expect(errorKeys(response.text)).toEqual(['detail', 'error_code', 'message', 'request_id'])
    expect(JSON.parse(response.text)).toMatchObject({ request_id: response.headers['x-request-id'] })
    expect(JSON.parse(response.text)).toMatchObject({ error_code: code })
  }
  expect(await tasks()).toEqual(before)
}

describe('text that cannot be stored verbatim is refused, not mangled', () => {
  it('refuses a NUL character in a title or description with 422, not 500', async () => {
    await expectRefusedWrites('{"title":"nul \\u0000 inside"}', 422, 'VALIDATION_FAILED')
    await expectRefusedWrites('{"title":"ok","description":"nul \\u0000 inside"}', 422, 'VALIDATION_FAILED')
  })

  it('refuses a NUL character inside a title cursor with 422, not 500', async () => {
    const cursor = Buffer.from(JSON.stringify({ s: 'title', o: 'desc', f: 'all', v: 'a\u0000b', i: '00000000-0000-4000-8000-000000000000' })).toString('base64url')
    const response = await apiCall(api.url, user.cookie)('GET', `/api/${user.userId}/tasks?sort=title&cursor=${cursor}`)
    expect(response.status).toBe(422)
    expect(await response.json()).toMatchObject({ error_code: 'VALIDATION_FAILED', detail: [{ field: 'cursor' }] })
  })

  it('refuses a lone surrogate with 422 instead of storing U+FFFD', async () => {
    await expectRefusedWrites('{"title":"lone \\ud800 surrogate"}', 422, 'VALIDATION_FAILED')
    await expectRefusedWrites('{"title":"ok","description":"lone \\udfff"}', 422, 'VALIDATION_FAILED')
  })

  it('refuses bytes that are not UTF-8 with 400 MALFORMED_JSON instead of storing U+FFFD', async () => {
    for (const bytes of [[0xff, 0xfe], [0xc0, 0xae], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      await expectRefusedWrites(Buffer.concat([Buffer.from('{"title":"bad '), Buffer.from(bytes), Buffer.from(' bytes"}')]), 400, 'MALFORMED_JSON')
    }
  })
})
