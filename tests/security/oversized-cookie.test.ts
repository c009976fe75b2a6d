import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningService, type TestUser, signUp, startApi, startAuth } from '../support/test-stack.ts'
import { mapWithConcurrency } from './map-with-concurrency.ts'
import { rawRequest } from './raw-request.ts'

/**
 * An oversized session cookie must get 401 (or 431 from Node's HTTP server), never a 5xx. A Cookie header a little
 * under Node's 16 KiB limit passes the api's server; forwarded to auth with the api's own headers added (x-request-id,
 * accept, host) it would exceed auth's limit, auth would answer 431, and the api would report auth as down (503): one
 * header would make the api look unavailable and fill its error log. The api refuses a session cookie far longer
 * than any real one with 401 before asking auth (`apps/api/src/session/require-session.ts`).
 */
let auth: RunningService
let api: RunningService
let alice: TestUser

beforeAll(async () => {
  auth = await startAuth()
  api = await startApi(auth.url)
  alice = await signUp(auth.url)
})
afterAll(async () => {
  await api?.close()
  await auth?.close()
})

describe('an oversized session cookie, byte by byte across the 16 KiB header limit', () => {
  it('is 401 or 431 at every length, never 503', async () => {
    const lengths = Array.from({ length: 601 }, (_, i) => 15_900 + i)
    const outcomes = await mapWithConcurrency(lengths, 8, async (length) => {
      const header = `better-auth.session_token=${'a'.repeat(length - 'better-auth.session_token='.length)}`
      const response = await rawRequest(api.url, { path: `/api/${alice.userId}/tasks`, headers: { cookie: header } })
      return { length, status: response.status }
    })
    const byStatus: Record<number, number[]> = {}
    for (const { length, status } of outcomes) (byStatus[status] ??= []).push(length)
    const ranges = Object.fromEntries(Object.entries(byStatus).map(([status, found]) => [status, `${found.length} lengths, ${Math.min(...found)}–${Math.max(...found)}`]))
    process.stdout.write(`${JSON.stringify({ suite: 'oversized-cookie', tried: outcomes.length, ranges })}\n`)
    expect(outcomes.filter(({ status }) => status !== 401 && status !== 431)).toEqual([])
  })
})
