import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type RunningService, type TestUser, apiCall, signUp, startApi, startAuth } from '../support/test-stack.ts'

let auth: RunningService
let api: RunningService
let alice: TestUser
let bob: TestUser
let alicesTask: { id: string; title: string }
let alicesList: { id: string; name: string }
let bobsList: { id: string; name: string }
let bobsTask: { id: string }
let database: pg.Pool

beforeAll(async () => {
  auth = await startAuth()
  api = await startApi(auth.url)
  database = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 })
  ;[alice, bob] = await Promise.all([signUp(auth.url), signUp(auth.url)])
  const asAlice = apiCall(api.url, alice.cookie)
  const asBob = apiCall(api.url, bob.cookie)
  alicesList = (await (await asAlice('POST', `/api/${alice.userId}/lists`, { name: 'alice-secret-list' })).json()) as { id: string; name: string }
  await asAlice('POST', `/api/${alice.userId}/lists`, { name: 'alice-second-list' })
  const created = await asAlice('POST', `/api/${alice.userId}/tasks`, { title: 'alice-secret-title', description: 'alice-secret-note', list_id: alicesList.id })
  alicesTask = (await created.json()) as { id: string; title: string }
  bobsList = (await (await asBob('POST', `/api/${bob.userId}/lists`, { name: 'Bob list' })).json()) as { id: string; name: string }
  bobsTask = (await (await asBob('POST', `/api/${bob.userId}/tasks`, { title: 'bob task' })).json()) as { id: string }
})
afterAll(async () => {
  await database?.end()
  await api?.close()
  await auth?.close()
})

/** Every row of both users' lists and tasks, as stored: what a refused request must leave as it was. */
async function everyRow() {
  const lists = await database.query('select * from task_lists where user_id = any($1) order by id', [[alice.userId, bob.userId]])
  const tasks = await database.query('select id, user_id, title, description, completed, list_id, position, updated_at from tasks where user_id = any($1) order by id', [[alice.userId, bob.userId]])
  return { lists: lists.rows, tasks: tasks.rows }
}

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
    const bobsTasks = (await (await apiCall(api.url, bob.cookie)('GET', `/api/${bob.userId}/tasks`)).json()) as { tasks: Array<{ id: string }> }
    expect(bobsTasks.tasks.map((t) => t.id)).toEqual([bobsTask.id])
    const alicesTasks = (await (await asAlice('GET', `/api/${alice.userId}/tasks`)).json()) as { tasks: Array<{ user_id: string }> }
    expect(alicesTasks.tasks.length).toBe(1)
    expect(alicesTasks.tasks.every((t) => t.user_id === alice.userId)).toBe(true)
  })

  it('answers 401 on every route without a session, or with a bad one', async () => {
    for (const cookie of [undefined, 'better-auth.session_token=forged.value', 'other=1']) {
      const anonymous = apiCall(api.url, cookie)
      for (const [method, path, body] of [...routes(alice.userId, alicesTask.id), ...listRoutes(alice.userId, alicesList.id)]) {
        const response = await anonymous(method, path, body)
        expect(response.status, `${method} ${path} with ${cookie}`).toBe(401)
        expect(await response.json()).toMatchObject({ error_code: 'UNAUTHENTICATED' })
      }
    }
  })
})

describe("two users: neither sees, renames, moves nor deletes the other's lists, nor puts a task in one", () => {
  it("answers 403 on every lists route under the other user's id, and writes nothing", async () => {
    const asBob = apiCall(api.url, bob.cookie)
    const before = await everyRow()
    for (const [method, path, body] of listRoutes(alice.userId, alicesList.id)) {
      const response = await asBob(method, path, body)
      expect(response.status, `${method} ${path}`).toBe(403)
      const text = await response.text()
      expect(text).not.toContain('alice-secret')
      expect(JSON.parse(text)).toMatchObject({ error_code: 'FORBIDDEN' })
    }
    expect(await everyRow()).toEqual(before)
  })

  it("answers 404 LIST_NOT_FOUND for the other user's list id under one's own id, exactly as for a missing one, and writes nothing", async () => {
    const asBob = apiCall(api.url, bob.cookie)
    const before = await everyRow()
    for (const listId of [alicesList.id, '00000000-0000-4000-8000-000000000000']) {
      for (const [method, path, body] of listRoutes(bob.userId, listId).filter(([, path]) => path.includes(listId))) {
        const response = await asBob(method, path, body)
        expect(response.status, `${method} ${path}`).toBe(404)
        const text = await response.text()
        expect(text).not.toContain('alice-secret')
        expect({ ...(JSON.parse(text) as object), request_id: undefined }).toEqual({ error_code: 'LIST_NOT_FOUND', message: 'No such list.', detail: null, request_id: undefined })
      }
    }
    // Nor as a neighbour of one's own list's move.
    for (const body of [{ before_id: alicesList.id, after_id: null }, { before_id: null, after_id: alicesList.id }]) {
      const response = await asBob('POST', `/api/${bob.userId}/lists/${bobsList.id}/move`, body)
      expect(response.status).toBe(404)
      expect(await response.json()).toMatchObject({ error_code: 'LIST_NOT_FOUND' })
    }
    expect(await everyRow()).toEqual(before)
  })

  it("never puts a task in the other user's list: create, PUT and PATCH are 404 LIST_NOT_FOUND and write nothing", async () => {
    const asBob = apiCall(api.url, bob.cookie)
    const before = await everyRow()
    for (const [method, path, body] of [
      ['POST', `/api/${bob.userId}/tasks`, { title: 'into alice list', list_id: alicesList.id }],
      ['PUT', `/api/${bob.userId}/tasks/${bobsTask.id}`, { title: 'into alice list', list_id: alicesList.id }],
      ['PATCH', `/api/${bob.userId}/tasks/${bobsTask.id}`, { list_id: alicesList.id }],
    ] as const) {
      const response = await asBob(method, path, body)
      expect(response.status, `${method} ${path}`).toBe(404)
      expect(await response.json()).toMatchObject({ error_code: 'LIST_NOT_FOUND' })
    }
    expect(await everyRow()).toEqual(before)
  })

  it("sees nothing of the other user's lists: the overview, the list filter, its counts and mark-all find nothing", async () => {
    const asBob = apiCall(api.url, bob.cookie)
    const overview = await (await asBob('GET', `/api/${bob.userId}/lists`)).text()
    expect(overview).not.toContain('alice')
    expect(JSON.parse(overview)).toMatchObject({ inbox: { counts: { all: 1, pending: 1 } }, lists: [{ id: bobsList.id, counts: { all: 0, pending: 0 } }] })
    const page = await asBob('GET', `/api/${bob.userId}/tasks?list=${alicesList.id}`)
    expect(await page.json()).toEqual({ tasks: [], next_cursor: null })
    const counts = await asBob('GET', `/api/${bob.userId}/tasks/counts?list=${alicesList.id}`)
    expect(await counts.json()).toEqual({ all: 0, pending: 0, completed: 0 })
    const before = await everyRow()
    const marked = await asBob('POST', `/api/${bob.userId}/tasks/complete-all`, { completed: true, list: alicesList.id })
    expect(await marked.json()).toEqual({ updated: 0 })
    expect(await everyRow()).toEqual(before)
    // Alice's list and its task are as she made them.
    const asAlice = apiCall(api.url, alice.cookie)
    const alices = (await (await asAlice('GET', `/api/${alice.userId}/lists/${alicesList.id}`)).json()) as { name: string; counts: unknown }
    expect(alices).toMatchObject({ name: 'alice-secret-list', counts: { all: 1, pending: 1 } })
  })
})

/** Each lists route, for one user's path and one list id. */
function listRoutes(userId: string, listId: string): Array<[string, string, unknown]> {
  return [
    ['GET', `/api/${userId}/lists`, undefined],
    ['POST', `/api/${userId}/lists`, { name: 'intruder list' }],
    ['GET', `/api/${userId}/lists/${listId}`, undefined],
    ['PATCH', `/api/${userId}/lists/${listId}`, { name: 'hijacked' }],
    ['POST', `/api/${userId}/lists/${listId}/move`, { before_id: null, after_id: null }],
    ['DELETE', `/api/${userId}/lists/${listId}?tasks=delete`, undefined],
    ['DELETE', `/api/${userId}/lists/${listId}?tasks=inbox`, undefined],
  ]
}
