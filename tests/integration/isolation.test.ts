import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningService, type TestUser, apiCall, signUp, startApi, startAuth } from '../support/test-stack.ts'

let auth: RunningService
let api: RunningService
let alice: TestUser
let bob: TestUser
let alicesTask: { id: string; title: string }

beforeAll(async () => {
  auth = await startAuth()
  api = await startApi(auth.url)
  ;[alice, bob] = await Promise.all([signUp(auth.url), signUp(auth.url)])
  const created = await apiCall(api.url, alice.cookie)('POST', `/api/${alice.userId}/tasks`, { title: 'alice-secret-title', description: 'alice-secret-note' })
  alicesTask = (await created.json()) as { id: string; title: string }
})
afterAll(async () => {
  await api?.close()
  await auth?.close()
})

describe("two users: neither sees nor touches the other's tasks", () => {
  const routes = (userId: string, taskId: string): Array<[string, string, unknown]> => [
    ['GET', `/api/${userId}/tasks`, undefined],
    ['POST', `/api/${userId}/tasks`, { title: 'intruder' }],
    ['GET', `/api/${userId}/tasks/${taskId}`, undefined],
    ['PUT', `/api/${userId}/tasks/${taskId}`, { title: 'hijacked' }],
    ['PATCH', `/api/${userId}/tasks/${taskId}/complete`, undefined],
    ['DELETE', `/api/${userId}/tasks/${taskId}`, undefined],
    // "Download my data": the whole account in one answer, so another user's is the one that matters most.
    ['GET', `/api/${userId}/export`, undefined],
  ]

  it("answers 403 on every route under the other user's id", async () => {
    const asBob = apiCall(api.url, bob.cookie)
    for (const [method, path, body] of routes(alice.userId, alicesTask.id)) {
      const response = await asBob(method, path, body)
      expect(response.status, `${method} ${path}`).toBe(403)
      const text = await response.text()
      expect(text).not.toContain('alice-secret')
      expect(JSON.parse(text)).toMatchObject({ error_code: 'FORBIDDEN' })
    }
  })

  it("answers 404 for the other user's task id under one's own id, exactly as for a missing one", async () => {
    const asBob = apiCall(api.url, bob.cookie)
    for (const [method, path, body] of routes(bob.userId, alicesTask.id).filter(([, path]) => path.includes(alicesTask.id))) {
      const response = await asBob(method, path, body)
      expect(response.status, `${method} ${path}`).toBe(404)
      const text = await response.text()
      expect(text).not.toContain('alice-secret')
      expect(JSON.parse(text)).toMatchObject({ error_code: 'TASK_NOT_FOUND' })
    }
  })

  it("leaves the other user's task exactly as it was, and lists only one's own", async () => {
    const asAlice = apiCall(api.url, alice.cookie)
    const task = (await (await asAlice('GET', `/api/${alice.userId}/tasks/${alicesTask.id}`)).json()) as { title: string; completed: boolean }
    expect(task).toMatchObject({ title: 'alice-secret-title', completed: false })
    const bobsList = (await (await apiCall(api.url, bob.cookie)('GET', `/api/${bob.userId}/tasks`)).json()) as { tasks: unknown[] }
    expect(bobsList.tasks).toEqual([])
    const alicesList = (await (await asAlice('GET', `/api/${alice.userId}/tasks`)).json()) as { tasks: Array<{ user_id: string }> }
    expect(alicesList.tasks.length).toBe(1)
    expect(alicesList.tasks.every((t) => t.user_id === alice.userId)).toBe(true)
  })

  it('answers 401 on every route without a session, or with a bad one', async () => {
    for (const cookie of [undefined, 'better-auth.session_token=forged.value', 'other=1']) {
      const anonymous = apiCall(api.url, cookie)
      for (const [method, path, body] of routes(alice.userId, alicesTask.id)) {
        const response = await anonymous(method, path, body)
        expect(response.status, `${method} ${path} with ${cookie}`).toBe(401)
        expect(await response.json()).toMatchObject({ error_code: 'UNAUTHENTICATED' })
      }
    }
  })
})
