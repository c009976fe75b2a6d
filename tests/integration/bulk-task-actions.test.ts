import type { Task, TaskCounts } from '@tasklane/api/contract'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type RunningService, type TestUser, apiCall, signUp, startWebForwarder, useSignedInStack } from '../support/test-stack.ts'

/**
 * The two bulk actions of the tasks api: `POST …/tasks/complete-all` (TodoMVC's "mark all") and
 * `POST …/tasks/clear-completed`. Each is one SQL statement scoped by the signed-in user: it changes exactly the
 * matching tasks of that user, leaves rows already in the wanted state alone (their `updated_at` too), is safe to
 * repeat, writes nothing for a body it refuses, and never reaches another user's tasks.
 */

const stack = useSignedInStack()
/** Someone else, with tasks of both kinds: after every bulk action of the others, exactly as they were. */
let bystander: TestUser
let bystanderTasks: Task[]
let database: pg.Client

beforeAll(async () => {
  bystander = await signUp(stack.auth.url)
  await seed(bystander, { pending: 2, completed: 2 })
  bystanderTasks = await allTasks(bystander)
  database = new pg.Client({ connectionString: inject('databaseUrl') })
  await database.connect()
})
afterAll(async () => {
  await database?.end()
})

const base = (user: TestUser) => `/api/${user.userId}/tasks`
const as = (user: TestUser) => apiCall(stack.api.url, user.cookie)

/** Creates tasks through the api; the completed ones are completed with the single-task route. */
async function seed(user: TestUser, { pending, completed }: { pending: number; completed: number }): Promise<void> {
  const call = as(user)
  for (let n = 0; n < pending + completed; n++) {
    const created = await call('POST', base(user), { title: `task ${n}`, description: n < pending ? 'pending' : 'completed' })
    expect(created.status).toBe(201)
    if (n >= pending) {
      const { id } = (await created.json()) as Task
      expect((await call('PATCH', `${base(user)}/${id}/complete`, { completed: true })).status).toBe(200)
    }
  }
}

/** Every task of the user, in one fixed order, as the api shows them (full JSON). */
async function allTasks(user: TestUser): Promise<Task[]> {
  const response = await as(user)('GET', `${base(user)}?limit=100&sort=title&order=asc`)
  expect(response.status).toBe(200)
  const page = (await response.json()) as { tasks: Task[]; next_cursor: string | null }
  expect(page.next_cursor).toBeNull()
  return page.tasks
}

async function counts(user: TestUser): Promise<TaskCounts> {
  const response = await as(user)('GET', `${base(user)}/counts`)
  expect(response.status).toBe(200)
  return (await response.json()) as TaskCounts
}

async function completeAll(user: TestUser, body: unknown): Promise<number> {
  const response = await as(user)('POST', `${base(user)}/complete-all`, body)
  const text = await response.text()
  expect(response.status, text).toBe(200)
  const answer = JSON.parse(text) as { updated: number }
  expect(Object.keys(answer)).toEqual(['updated'])
  return answer.updated
}

async function clearCompleted(user: TestUser, body?: unknown): Promise<number> {
  const response = await as(user)('POST', `${base(user)}/clear-completed`, body)
  const text = await response.text()
  expect(response.status, text).toBe(200)
  const answer = JSON.parse(text) as { deleted: number }
  expect(Object.keys(answer)).toEqual(['deleted'])
  return answer.deleted
}

async function expectBystanderUntouched(): Promise<void> {
  expect(await allTasks(bystander)).toEqual(bystanderTasks)
  expect(await counts(bystander)).toEqual({ all: 4, pending: 2, completed: 2 })
}

describe('POST /api/{userId}/tasks/complete-all', () => {
  it('marks every task complete, then every task active; the counts follow, and a repeat changes nothing', async () => {
    const user = await signUp(stack.auth.url)
    await seed(user, { pending: 3, completed: 1 })
    expect(await counts(user)).toEqual({ all: 4, pending: 3, completed: 1 })

    expect(await completeAll(user, { completed: true })).toBe(3)
    expect(await counts(user)).toEqual({ all: 4, pending: 0, completed: 4 })
    const allDone = await allTasks(user)
    expect(allDone.map((task) => task.completed)).toEqual([true, true, true, true])
    expect(await completeAll(user, { completed: true })).toBe(0)
    expect(await allTasks(user)).toEqual(allDone)

    expect(await completeAll(user, { completed: false, status: 'all' })).toBe(4)
    expect(await counts(user)).toEqual({ all: 4, pending: 4, completed: 0 })
    const allActive = await allTasks(user)
    expect(await completeAll(user, { completed: false })).toBe(0)
    expect(await allTasks(user)).toEqual(allActive)
    await expectBystanderUntouched()
  })

  it('acts only on the tasks its status filter matches', async () => {
    const user = await signUp(stack.auth.url)
    await seed(user, { pending: 2, completed: 3 })
    const before = await allTasks(user)

    // A filter that matches only tasks already in the wanted state changes nothing: the filter is applied, not ignored.
    expect(await completeAll(user, { completed: true, status: 'completed' })).toBe(0)
    expect(await completeAll(user, { completed: false, status: 'pending' })).toBe(0)
    expect(await allTasks(user)).toEqual(before)

    expect(await completeAll(user, { completed: true, status: 'pending' })).toBe(2)
    expect(await counts(user)).toEqual({ all: 5, pending: 0, completed: 5 })
    expect(await completeAll(user, { completed: false, status: 'completed' })).toBe(5)
    expect(await counts(user)).toEqual({ all: 5, pending: 5, completed: 0 })
    expect(await completeAll(user, { completed: true, status: 'all' })).toBe(5)
    expect(await counts(user)).toEqual({ all: 5, pending: 0, completed: 5 })
    await expectBystanderUntouched()
  })

  it('bumps updated_at only on the rows it changes, all to the one time of its one statement', async () => {
    const user = await signUp(stack.auth.url)
    await seed(user, { pending: 3, completed: 2 })
    const before = new Map((await allTasks(user)).map((task) => [task.id, task]))

    expect(await completeAll(user, { completed: true })).toBe(3)
    const after = await allTasks(user)
    const changedTimes = new Set<string>()
    for (const task of after) {
      const was = before.get(task.id)
      if (was === undefined) throw new Error(`a task appeared: ${task.id}`)
      if (was.completed) {
        expect(task, 'a task that was already complete is exactly as it was').toEqual(was)
      } else {
        expect({ ...task, updated_at: was.updated_at }).toEqual({ ...was, completed: true })
        expect(Date.parse(task.updated_at)).toBeGreaterThan(Date.parse(was.updated_at))
        changedTimes.add(task.updated_at)
      }
    }
    expect(changedTimes.size).toBe(1)
  })

  it('is answered the same through the web origin’s forwarding', async () => {
    const user = await signUp(stack.auth.url)
    await seed(user, { pending: 2, completed: 1 })
    const web: RunningService = await startWebForwarder(stack.auth.url, stack.api.url)
    try {
      const viaWeb = apiCall(web.url, user.cookie)
      const marked = await viaWeb('POST', `${base(user)}/complete-all`, { completed: true })
      expect(marked.status).toBe(200)
      expect(await marked.json()).toEqual({ updated: 2 })
      const cleared = await viaWeb('POST', `${base(user)}/clear-completed`)
      expect(cleared.status).toBe(200)
      expect(await cleared.json()).toEqual({ deleted: 3 })
    } finally {
      await web.close()
    }
    expect(await counts(user)).toEqual({ all: 0, pending: 0, completed: 0 })
  })
})

describe('POST /api/{userId}/tasks/clear-completed', () => {
  it('deletes the caller’s completed tasks and nothing else; a repeat deletes nothing', async () => {
    const user = await signUp(stack.auth.url)
    await seed(user, { pending: 3, completed: 2 })
    const pending = (await allTasks(user)).filter((task) => !task.completed)

    expect(await clearCompleted(user)).toBe(2)
    expect(await allTasks(user)).toEqual(pending)
    expect(await counts(user)).toEqual({ all: 3, pending: 3, completed: 0 })
    expect(await clearCompleted(user, {})).toBe(0)
    expect(await clearCompleted(user)).toBe(0)
    expect(await allTasks(user)).toEqual(pending)
    await expectBystanderUntouched()
  })

  it('takes no body, or {} sent as JSON, whatever an empty body is labelled', async () => {
    const user = await signUp(stack.auth.url)
    await seed(user, { pending: 0, completed: 3 })
    const call = as(user)
    const path = `${base(user)}/clear-completed`
    const labels: Record<string, string>[] = [{}, { 'content-type': 'application/json' }, { 'content-type': 'text/plain' }]
    const answers = []
    for (const headers of labels) {
      const response = await call('POST', path, undefined, headers)
      answers.push([response.status, await response.json()])
    }
    expect(answers).toEqual([
      [200, { deleted: 3 }],
      [200, { deleted: 0 }],
      [200, { deleted: 0 }],
    ])
    const withJson = await call('POST', path, {}, { 'content-type': 'application/json; charset=utf-8' })
    expect(await withJson.json()).toEqual({ deleted: 0 })
    expect(await counts(user)).toEqual({ all: 0, pending: 0, completed: 0 })
  })
})

describe('one user’s bulk actions never reach another’s tasks', () => {
  it('leaves another user’s tasks exactly as they were, and refuses another user’s path with 403', async () => {
    const user = await signUp(stack.auth.url)
    await seed(user, { pending: 2, completed: 2 })
    expect(await completeAll(user, { completed: true })).toBe(2)
    expect(await completeAll(user, { completed: false })).toBe(4)
    expect(await completeAll(user, { completed: true, status: 'pending' })).toBe(4)
    expect(await clearCompleted(user)).toBe(4)
    await expectBystanderUntouched()

    const call = as(user)
    for (const [path, body] of [
      ['complete-all', { completed: true }],
      ['complete-all', { completed: false }],
      ['clear-completed', undefined],
      ['clear-completed', {}],
    ] as const) {
      const response = await call('POST', `${base(bystander)}/${path}`, body)
      expect(response.status, path).toBe(403)
      expect(await response.json()).toMatchObject({ error_code: 'FORBIDDEN', detail: null })
    }
    await expectBystanderUntouched()
  })
})

describe('a refused bulk request writes nothing', () => {
  const JSON_TYPE = { 'content-type': 'application/json' }
  // The file's own user: nothing else writes its tasks, and each case compares them before and after.
  beforeAll(async () => {
    await seed(stack.user, { pending: 1, completed: 1 })
  })

  it.each([
    ['complete-all', '{}', 422, 'completed'],
    ['complete-all', '{"completed":"yes"}', 422, 'completed'],
    ['complete-all', '{"completed":1}', 422, 'completed'],
    ['complete-all', '{"completed":null}', 422, 'completed'],
    ['complete-all', '{"completed":true,"status":"done"}', 422, 'status'],
    ['complete-all', '{"completed":true,"status":null}', 422, 'status'],
    ['complete-all', '{"completed":true,"user_id":"someone-else"}', 422, 'user_id'],
    ['complete-all', '[{"completed":true}]', 422, '(body)'],
    ['complete-all', 'true', 422, '(body)'],
    ['complete-all', 'null', 422, '(body)'],
    ['complete-all', '', 400, undefined],
    ['complete-all', '{"completed":', 400, undefined],
    ['clear-completed', '{"status":"completed"}', 422, 'status'],
    ['clear-completed', '{"user_id":"someone-else"}', 422, 'user_id'],
    ['clear-completed', '[]', 422, '(body)'],
    ['clear-completed', 'null', 422, '(body)'],
    ['clear-completed', '{', 400, undefined],
  ])('%s with %s: %i, nothing written', async (path, body, status, field) => {
    const user = stack.user
    const before = await allTasks(user)
    const response = await as(user)('POST', `${base(user)}/${path}`, body, JSON_TYPE)
    expect(response.status).toBe(status)
    const error = (await response.json()) as { error_code: string; detail: unknown }
    if (field === undefined) {
      expect(error).toMatchObject({ error_code: 'MALFORMED_JSON' })
    } else {
      expect(error.error_code).toBe('VALIDATION_FAILED')
      expect(error.detail).toEqual([expect.objectContaining({ field })])
    }
    expect(await allTasks(user)).toEqual(before)
  })

  it('answers 415 for a body not sent as JSON, 403 for a foreign origin and 401 without a session, writing nothing', async () => {
    const user = stack.user
    const before = await allTasks(user)
    const call = as(user)
    for (const path of ['complete-all', 'clear-completed']) {
      const form = await call('POST', `${base(user)}/${path}`, '{"completed":true}', { 'content-type': 'text/plain' })
      expect(form.status, path).toBe(415)
      expect(await form.json()).toMatchObject({ error_code: 'UNSUPPORTED_MEDIA_TYPE' })
      const foreign = await call('POST', `${base(user)}/${path}`, path === 'complete-all' ? { completed: true } : {}, { origin: 'https://evil.example' })
      expect(foreign.status, path).toBe(403)
      expect(await foreign.json()).toMatchObject({ error_code: 'CSRF_REJECTED' })
      const anonymous = await apiCall(stack.api.url, undefined)('POST', `${base(user)}/${path}`, path === 'complete-all' ? { completed: true } : {})
      expect(anonymous.status, path).toBe(401)
    }
    expect(await allTasks(user)).toEqual(before)
  })

  it('keeps the bulk paths apart from the task-id routes', async () => {
    const user = stack.user
    const before = await allTasks(user)
    const call = as(user)
    for (const path of ['complete-all', 'clear-completed']) {
      // As a task id they name no task; and the bulk routes take POST only.
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const response = await call(method, `${base(user)}/${path}`, method === 'PUT' ? { title: 'x' } : undefined)
        expect(response.status, `${method} ${path}`).toBe(404)
      }
      expect((await call('PATCH', `${base(user)}/${path}/complete`, { completed: true })).status).toBe(404)
    }
    expect(await allTasks(user)).toEqual(before)
  })
})

describe('1,000 tasks', () => {
  const TASKS = 1000
  const ROUNDS = 5

  /** Straight into the table: 1,000 creates through the api would be most of this test's time. */
  async function seedInDatabase(user: TestUser, completed: boolean): Promise<void> {
    await database.query(
      `insert into tasks (user_id, title, completed, created_at, updated_at)
       select $1, 'bulk ' || n, $2, now() - n * interval '1 ms', now() - n * interval '1 ms' from generate_series(1, $3::int) n`,
      [user.userId, completed, TASKS],
    )
  }

  async function timed<T>(action: () => Promise<T>): Promise<{ value: T; ms: number }> {
    const start = performance.now()
    const value = await action()
    return { value, ms: performance.now() - start }
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN
  const round1 = (value: number) => Math.round(value * 10) / 10

  it('changes them all at once: a reader never sees a partial state, every changed row has the same updated_at', async () => {
    const user = await signUp(stack.auth.url)
    await seedInDatabase(user, false)
    const seen = new Set<number>()
    let done = false
    const watching = (async () => {
      const reader = new pg.Client({ connectionString: inject('databaseUrl') })
      await reader.connect()
      try {
        while (!done) {
          const { rows } = await reader.query<{ completed: number }>('select count(*) filter (where completed)::int as completed from tasks where user_id = $1', [user.userId])
          seen.add(rows[0]?.completed ?? -1)
        }
      } finally {
        await reader.end()
      }
    })()
    try {
      expect(await completeAll(user, { completed: true })).toBe(TASKS)
    } finally {
      done = true
      await watching
    }
    expect([...seen].filter((completed) => completed !== 0 && completed !== TASKS)).toEqual([])
    const { rows } = await database.query<{ times: number; completed: number }>(
      'select count(distinct updated_at)::int as times, count(*) filter (where completed)::int as completed from tasks where user_id = $1',
      [user.userId],
    )
    expect(rows[0]).toEqual({ times: 1, completed: TASKS })
  })

  it('measures complete-all and clear-completed over 1,000 tasks of one user (logged, not asserted)', async () => {
    const user = await signUp(stack.auth.url)
    const markAll: number[] = []
    const markNone: number[] = []
    const unmarkAll: number[] = []
    const clear: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      await seedInDatabase(user, false)
      const marked = await timed(() => completeAll(user, { completed: true }))
      expect(marked.value).toBe(TASKS)
      markAll.push(marked.ms)
      const repeated = await timed(() => completeAll(user, { completed: true }))
      expect(repeated.value).toBe(0)
      markNone.push(repeated.ms)
      const unmarked = await timed(() => completeAll(user, { completed: false }))
      expect(unmarked.value).toBe(TASKS)
      unmarkAll.push(unmarked.ms)
      expect(await completeAll(user, { completed: true })).toBe(TASKS)
      const cleared = await timed(() => clearCompleted(user))
      expect(cleared.value).toBe(TASKS)
      clear.push(cleared.ms)
      expect(await counts(user)).toEqual({ all: 0, pending: 0, completed: 0 })
    }
    const summary = (values: number[]) => ({ median_ms: round1(median(values)), max_ms: round1(Math.max(...values)) })
    process.stdout.write(
      `${JSON.stringify({
        test: 'bulk-task-actions',
        database: inject('databaseKind'),
        tasks: TASKS,
        rounds: ROUNDS,
        complete_all_1000_changed: summary(markAll),
        complete_all_0_changed: summary(markNone),
        complete_all_back_1000_changed: summary(unmarkAll),
        clear_completed_1000: summary(clear),
      })}\n`,
    )
  })
})
