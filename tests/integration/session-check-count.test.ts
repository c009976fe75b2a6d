import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningService, type TestUser, apiCall, signUp, startApi, startAuth } from '../support/test-stack.ts'

describe('one session check per api request', () => {
  let auth: RunningService
  let api: RunningService
  let counter: Server
  let user: TestUser
  let calls = 0

  beforeAll(async () => {
    auth = await startAuth()
    // Counts every get-session the api makes, passing each on to the real auth.
    counter = createServer(async (request, response) => {
      calls++
      const answer = await fetch(`${auth.url}${request.url}`, { headers: { cookie: request.headers.cookie ?? '' } })
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text())
    })
    await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve))
    api = await startApi(`http://127.0.0.1:${(counter.address() as AddressInfo).port}`)
    user = await signUp(auth.url)
  })
  afterAll(async () => {
    await api?.close()
    counter?.closeAllConnections()
    await new Promise((resolve) => counter?.close(resolve))
    await auth?.close()
  })

  it('asks auth exactly once for every route, and not at all without a session cookie', async () => {
    const call = apiCall(api.url, user.cookie)
    const base = `/api/${user.userId}/tasks`
    const created = (await (await call('POST', base, { title: 'counted' })).json()) as { id: string }
    const requests: Array<[string, string, unknown]> = [
      ['GET', base, undefined],
      ['POST', base, { title: 'counted too' }],
      ['GET', `${base}/counts`, undefined],
      ['GET', `${base}/${created.id}`, undefined],
      ['PUT', `${base}/${created.id}`, { title: 'renamed' }],
      ['PATCH', `${base}/${created.id}/complete`, undefined],
      ['DELETE', `${base}/${created.id}`, undefined],
    ]
    for (const [method, path, body] of requests) {
      calls = 0
      const response = await call(method, path, body)
      expect(response.status, `${method} ${path}`).toBeLessThan(300)
      expect(calls, `${method} ${path}`).toBe(1)
    }
    calls = 0
    expect((await apiCall(api.url, undefined)('GET', base)).status).toBe(401)
    expect(calls).toBe(0)
  })
})
