import { TASK_PRIORITIES, TASK_SORTS, TASK_STATUSES, TASK_VIEWS, type Task, type TaskCounts, type TaskFilter, type TaskPage, type TaskSort, type TaskView } from '@tasklane/api/contract'
import { createMigratedDatabase } from '@tasklane/test-kit/postgres-database'
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createTaskRepository } from '../../apps/api/src/tasks/task-repository.ts'
import { type ChildService, type TestUser, apiCall, signUp, spawnService, useSignedInStack } from '../support/test-stack.ts'

/**
 * Due days, date views and priority in the tasks api. A due day is a calendar day (`YYYY-MM-DD`, no time, no zone);
 * the views compare it with the client's own `today`, never the server's clock. Every listing here is walked page by
 * page and compared with a model of the same data sorted the same way, so a skipped, repeated or misplaced row fails.
 */

const stack = useSignedInStack()

const TODAY = '2026-03-14'
type Order = 'asc' | 'desc'
type Query = Record<string, string | number | undefined>

/** `TODAY` moved by whole days, in UTC so the runner's zone cannot move it. */
function day(offset: number, from = TODAY): string {
  return new Date(Date.parse(`${from}T00:00:00.000Z`) + offset * 86_400_000).toISOString().slice(0, 10)
}

const base = (user: TestUser) => `/api/${user.userId}/tasks`
const as = (user: TestUser) => apiCall(stack.api.url, user.cookie)
const search = (query: Query) => new URLSearchParams(Object.entries(query).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]]))).toString()

interface Spec {
  title: string
  due_on: string | null
  priority: (typeof TASK_PRIORITIES)[number]
  completed: boolean
}

/** Creates each task through the api, completing the completed ones with PATCH; answers the tasks as they are now. */
async function seed(user: TestUser, specs: Spec[]): Promise<Task[]> {
  const call = as(user)
  const made: Task[] = []
  for (const { completed, ...fields } of specs) {
    const created = await call('POST', base(user), fields)
    expect(created.status, await created.clone().text()).toBe(201)
    let task = (await created.json()) as Task
    if (completed) {
      const patched = await call('PATCH', `${base(user)}/${task.id}`, { completed: true })
      expect(patched.status).toBe(200)
      task = (await patched.json()) as Task
    }
    made.push(task)
  }
  return made
}

async function listPage(user: TestUser, query: Query): Promise<TaskPage> {
  const response = await as(user)('GET', `${base(user)}?${search(query)}`)
  const text = await response.text()
  expect(response.status, text).toBe(200)
  return JSON.parse(text) as TaskPage
}

/** Every page of a listing, following `next_cursor` to the end; each page at most `limit` long. */
async function walk(user: TestUser, query: Query, limit: number): Promise<{ tasks: Task[]; pages: number }> {
  const tasks: Task[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const page = await listPage(user, { ...query, limit, cursor })
    expect(page.tasks.length).toBeLessThanOrEqual(limit)
    tasks.push(...page.tasks)
    cursor = page.next_cursor ?? undefined
    pages++
    if (pages > 500) throw new Error('the cursor never ends')
  } while (cursor !== undefined)
  return { tasks, pages }
}

async function counts(user: TestUser, today?: string): Promise<TaskCounts> {
  const response = await as(user)('GET', `${base(user)}/counts${today === undefined ? '' : `?today=${today}`}`)
  expect(response.status).toBe(200)
  return (await response.json()) as TaskCounts
}

/** Every task of the user as the api shows them, by id. */
async function everything(user: TestUser): Promise<Map<string, Task>> {
  const { tasks } = await walk(user, {}, 100)
  return new Map(tasks.map((task) => [task.id, task]))
}

// The model: what each view, status and sort must give, written independently of the SQL.

function inView(task: Task, view: TaskView, today: string): boolean {
  const due = task.due_on
  switch (view) {
    case 'all':
      return true
    case 'no_date':
      return due === null
    case 'today':
      return due !== null && due <= today && !task.completed
    case 'upcoming':
      return due !== null && due > today && !task.completed
    case 'overdue':
      return due !== null && due < today && !task.completed
  }
}

function inStatus(task: Task, status: TaskFilter): boolean {
  return status === 'all' || task.completed === (status === 'completed')
}

/** The sorts this file models from task fields; the user's own order (`position`) is not in the JSON, and has its own tests. */
type ModelledSort = Exclude<TaskSort, 'position'>
const MODELLED_SORTS = TASK_SORTS.filter((sort): sort is ModelledSort => sort !== 'position')

/** A text key that sorts as the api's key does; a missing due day goes last in both orders. */
function keyOf(task: Task, sort: ModelledSort, order: Order): string {
  switch (sort) {
    case 'due_on':
      return task.due_on ?? (order === 'asc' ? '\uffff' : '')
    case 'priority':
      return String(TASK_PRIORITIES.indexOf(task.priority))
    default:
      return task[sort]
  }
}

function sorted(tasks: Task[], sort: ModelledSort, order: Order): Task[] {
  const ascending = (a: Task, b: Task) => {
    const [ka, kb] = [keyOf(a, sort, order), keyOf(b, sort, order)]
    if (ka !== kb) return ka < kb ? -1 : 1
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  }
  return [...tasks].sort((a, b) => (order === 'asc' ? ascending(a, b) : ascending(b, a)))
}

const idsOf = (tasks: Task[]) => tasks.map((task) => task.id)
const label = (task: Task) => `${task.title}|${task.due_on ?? '-'}|${task.priority}|${task.completed ? 'done' : 'open'}`

// Titles are lowercase ASCII so that every collation orders them alike; several repeat, as do days and priorities,
// so the id tiebreak decides often.
const MIXED: Spec[] = [
  { title: 'alpha', due_on: day(-3), priority: 'high', completed: false },
  { title: 'bravo', due_on: day(-3), priority: 'low', completed: true },
  { title: 'alpha', due_on: day(-1), priority: 'none', completed: false },
  { title: 'delta', due_on: TODAY, priority: 'medium', completed: false },
  { title: 'charlie', due_on: TODAY, priority: 'high', completed: true },
  { title: 'echo', due_on: TODAY, priority: 'high', completed: false },
  { title: 'bravo', due_on: day(1), priority: 'low', completed: false },
  { title: 'foxtrot', due_on: day(1), priority: 'none', completed: true },
  { title: 'alpha', due_on: day(10), priority: 'medium', completed: false },
  { title: 'golf', due_on: null, priority: 'high', completed: false },
  { title: 'delta', due_on: null, priority: 'medium', completed: true },
  { title: 'hotel', due_on: null, priority: 'none', completed: false },
  { title: 'alpha', due_on: null, priority: 'low', completed: false },
]

describe('views × statuses × sorts, walked page by page', () => {
  let user: TestUser
  let tasks: Task[]

  beforeAll(async () => {
    user = await signUp(stack.auth.url)
    await seed(user, MIXED)
    tasks = [...(await everything(user)).values()]
    expect(tasks).toHaveLength(MIXED.length)
  })

  it('lists exactly the model’s tasks in the model’s order, for every view, status, sort and order', async () => {
    const failures: string[] = []
    let walks = 0
    let requests = 0
    for (const view of TASK_VIEWS) {
      for (const status of TASK_STATUSES) {
        const expectedSet = tasks.filter((task) => inView(task, view, TODAY) && inStatus(task, status))
        for (const sort of MODELLED_SORTS) {
          for (const order of ['asc', 'desc'] as const) {
            const { tasks: listed, pages } = await walk(user, { view, today: TODAY, status, sort, order }, 3)
            walks++
            requests += pages
            const expected = sorted(expectedSet, sort, order)
            if (idsOf(listed).join() !== idsOf(expected).join()) {
              failures.push(`view=${view} status=${status} sort=${sort} order=${order}: got ${listed.map(label).join(', ')}; expected ${expected.map(label).join(', ')}`)
            }
          }
        }
      }
    }
    process.stdout.write(`${JSON.stringify({ suite: 'task-views', tasks: tasks.length, walks, requests })}\n`)
    expect(failures).toEqual([])
  })

  it('lists upcoming tasks soonest first by default, and every other view newest first', async () => {
    for (const view of TASK_VIEWS) {
      for (const status of TASK_STATUSES) {
        const expected = tasks.filter((task) => inView(task, view, TODAY) && inStatus(task, status))
        const [sort, order] = view === 'upcoming' ? (['due_on', 'asc'] as const) : (['created_at', 'desc'] as const)
        const { tasks: listed } = await walk(user, { view, today: TODAY, status }, 2)
        expect(idsOf(listed), `view=${view} status=${status}`).toEqual(idsOf(sorted(expected, sort, order)))
      }
    }
  })

  it('gives each view what its definition says, spelled out once by hand', async () => {
    const titles = async (query: Query) => (await walk(user, { today: TODAY, ...query }, 100)).tasks.map(label).sort()
    // Today includes overdue, and neither shows completed tasks.
    expect(await titles({ view: 'today' })).toEqual([`alpha|${day(-3)}|high|open`, `alpha|${day(-1)}|none|open`, `delta|${TODAY}|medium|open`, `echo|${TODAY}|high|open`])
    expect(await titles({ view: 'overdue' })).toEqual([`alpha|${day(-3)}|high|open`, `alpha|${day(-1)}|none|open`])
    expect((await walk(user, { view: 'upcoming', today: TODAY }, 100)).tasks.map(label)).toEqual([`bravo|${day(1)}|low|open`, `alpha|${day(10)}|medium|open`])
    expect(await titles({ view: 'no_date' })).toEqual(['alpha|-|low|open', 'delta|-|medium|done', 'golf|-|high|open', 'hotel|-|none|open'])
    expect(await titles({ view: 'no_date', status: 'completed' })).toEqual(['delta|-|medium|done'])
    // The date views are about what is still to do: with status=completed they are empty.
    for (const view of ['today', 'upcoming', 'overdue']) expect(await titles({ view, status: 'completed' })).toEqual([])
    // High first for priority desc; tasks without a day last in both due orders.
    const byPriority = (await walk(user, { sort: 'priority', order: 'desc' }, 100)).tasks.map((task) => task.priority)
    expect(byPriority).toEqual([...byPriority].sort((a, b) => TASK_PRIORITIES.indexOf(b) - TASK_PRIORITIES.indexOf(a)))
    expect(byPriority[0]).toBe('high')
    for (const order of ['asc', 'desc']) {
      const days = (await walk(user, { sort: 'due_on', order }, 100)).tasks.map((task) => task.due_on)
      expect(days.slice(-4), `order=${order}`).toEqual([null, null, null, null])
      expect(days.slice(0, -4).every((due) => due !== null)).toBe(true)
    }
  })

  it('counts each view as its list has it, when today is sent, in the same answer as the totals', async () => {
    expect(Object.keys(await counts(user)).sort()).toEqual(['all', 'completed', 'pending'])
    for (const today of [TODAY, day(1), day(-5), day(30)]) {
      const answer = await counts(user, today)
      const expected: Record<string, number> = { all: tasks.length, pending: tasks.filter((task) => !task.completed).length, completed: tasks.filter((task) => task.completed).length }
      for (const view of ['today', 'upcoming', 'overdue', 'no_date'] as const) {
        expected[view] = tasks.filter((task) => inView(task, view, today)).length
        expect(answer[view], `${view} on ${today}`).toBe((await walk(user, { view, today }, 100)).tasks.length)
      }
      expect(answer).toEqual(expected)
    }
    expect(await counts(user, TODAY)).toEqual({ all: 13, pending: 9, completed: 4, today: 4, upcoming: 2, overdue: 2, no_date: 4 })
  })

  it('refuses a cursor of one view, or one day, in another (422 naming the cursor)', async () => {
    const page = await listPage(user, { view: 'today', today: TODAY, limit: 1 })
    expect(page.next_cursor).not.toBeNull()
    for (const query of [
      { view: 'today', today: day(1) },
      { view: 'overdue', today: TODAY },
      { view: 'all' },
    ]) {
      const response = await as(user)('GET', `${base(user)}?${search({ ...query, limit: 1, cursor: page.next_cursor ?? '' })}`)
      expect(response.status).toBe(422)
      expect(((await response.json()) as { detail: { field: string }[] }).detail.map((problem) => problem.field)).toEqual(['cursor'])
    }
  })
})

describe('pagination across tasks with and without a due day', () => {
  let user: TestUser
  let tasks: Task[]

  beforeAll(async () => {
    user = await signUp(stack.auth.url)
    const specs: Spec[] = []
    // Nine without a day, and days that repeat, including the first and last PostgreSQL's date and the api allow.
    const days = [null, '0001-01-01', day(-2), null, TODAY, day(-2), null, '9999-12-31', TODAY, null, day(5), null, day(-2), null, TODAY, null, day(5), null, day(40), null, '2024-02-29', day(-2), TODAY]
    for (const [n, due] of days.entries()) {
      specs.push({ title: `task ${String.fromCharCode(97 + (n % 5))}`, due_on: due, priority: TASK_PRIORITIES[n % 4] ?? 'none', completed: n % 3 === 0 })
    }
    tasks = await seed(user, specs)
  })

  it.each([1, 2, 3, 5, 9, 100])('walks sort=due_on and sort=priority in both orders %i at a time: no task skipped or repeated, dateless last', async (limit) => {
    for (const sort of ['due_on', 'priority'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        for (const [view, status] of [['all', 'all'], ['all', 'pending'], ['no_date', 'all'], ['upcoming', 'all'], ['today', 'pending']] as const) {
          const { tasks: listed, pages } = await walk(user, { sort, order, view, status, today: TODAY }, limit)
          const expected = sorted(
            tasks.filter((task) => inView(task, view, TODAY) && inStatus(task, status)),
            sort,
            order,
          )
          const where = `sort=${sort} order=${order} view=${view} status=${status} limit=${limit}`
          expect(new Set(idsOf(listed)).size, where).toBe(listed.length)
          expect(idsOf(listed), where).toEqual(idsOf(expected))
          // A full last page says so (`next_cursor` null): no empty page after it.
          expect(pages, where).toBe(Math.max(1, Math.ceil(expected.length / limit)))
        }
      }
    }
  })

  it('hands out a cursor that names a task without a day, and resumes after it', async () => {
    for (const order of ['asc', 'desc'] as const) {
      const everyDue = sorted(tasks, 'due_on', order)
      const firstDateless = everyDue.findIndex((task) => task.due_on === null)
      // A page that ends on the first task without a day: its cursor holds no day, and the next page starts after it.
      const page = await listPage(user, { sort: 'due_on', order, limit: firstDateless + 1 })
      expect(page.tasks.at(-1)?.due_on).toBeNull()
      const payload = JSON.parse(Buffer.from(page.next_cursor ?? '', 'base64url').toString('utf8')) as { v: unknown }
      expect(payload.v).toBeNull()
      const next = await listPage(user, { sort: 'due_on', order, limit: 100, cursor: page.next_cursor ?? '' })
      expect(idsOf(next.tasks)).toEqual(idsOf(everyDue.slice(firstDateless + 1)))
    }
  })
})

describe('due_on and priority on create, PUT and PATCH', () => {
  let user: TestUser
  const one = (task: Task) => `${base(user)}/${task.id}`

  beforeAll(async () => {
    user = await signUp(stack.auth.url)
  })

  async function send(method: string, path: string, body: unknown): Promise<Task> {
    const response = await as(user)(method, path, body)
    const text = await response.text()
    expect(response.status, text).toBe(method === 'POST' ? 201 : 200)
    return JSON.parse(text) as Task
  }

  it('creates a task with no due day and priority none unless sent, and stores what is sent exactly', async () => {
    const plain = await send('POST', base(user), { title: 'plain' })
    expect(plain).toMatchObject({ due_on: null, priority: 'none' })
    for (const [due, priority] of [[TODAY, 'high'], ['2024-02-29', 'low'], ['0001-01-01', 'medium'], ['9999-12-31', 'none']] as const) {
      const made = await send('POST', base(user), { title: 'dated', due_on: due, priority })
      expect(made).toMatchObject({ due_on: due, priority })
      expect(await (await as(user)('GET', one(made))).json()).toEqual(made)
    }
  })

  it('PUT keeps due_on, priority and completed when they are not sent, and sets or clears them when they are', async () => {
    const made = await send('POST', base(user), { title: 'put me', description: 'old', due_on: TODAY, priority: 'high' })
    await send('PATCH', one(made), { completed: true })
    // An older client's PUT: title and description only.
    const replaced = await send('PUT', one(made), { title: 'put again' })
    expect(replaced).toMatchObject({ title: 'put again', description: null, due_on: TODAY, priority: 'high', completed: true })
    const cleared = await send('PUT', one(made), { title: 'put again', due_on: null, priority: 'low' })
    expect(cleared).toMatchObject({ due_on: null, priority: 'low', completed: true })
    const set = await send('PUT', one(made), { title: 'put again', due_on: day(3), completed: false })
    expect(set).toMatchObject({ due_on: day(3), priority: 'low', completed: false })
  })

  it('PATCH changes exactly the fields sent, and moves updated_at', async () => {
    let task = await send('POST', base(user), { title: 'patch me', description: 'keep', due_on: TODAY, priority: 'medium' })
    const steps: Array<[Record<string, unknown>, Partial<Task>]> = [
      [{ due_on: day(7) }, { due_on: day(7) }],
      [{ due_on: null }, { due_on: null }],
      [{ priority: 'high' }, { priority: 'high' }],
      [{ completed: true }, { completed: true }],
      [{ title: '  renamed  ' }, { title: 'renamed' }],
      [{ description: null }, { description: null }],
      [{ description: 'back' }, { description: 'back' }],
      [
        { title: 'all at once', description: 'd', completed: false, due_on: '2030-01-31', priority: 'none' },
        { title: 'all at once', description: 'd', completed: false, due_on: '2030-01-31', priority: 'none' },
      ],
    ]
    for (const [body, change] of steps) {
      const before = task
      task = await send('PATCH', one(task), body)
      const { updated_at: updatedAt, ...rest } = task
      expect(rest, JSON.stringify(body)).toEqual({ ...withoutUpdatedAt(before), ...change })
      expect(updatedAt >= before.updated_at).toBe(true)
      expect(await (await as(user)('GET', one(task))).json()).toEqual(task)
    }
  })

  it('PATCH answers 404 for a task that is not there or not one’s own, and changes nothing of the other user', async () => {
    const other = await signUp(stack.auth.url)
    const [theirs] = await seed(other, [{ title: 'theirs', due_on: TODAY, priority: 'high', completed: false }])
    if (theirs === undefined) throw new Error('no task')
    for (const path of [`${base(user)}/${theirs.id}`, `${base(user)}/00000000-0000-4000-8000-000000000000`, `${base(user)}/not-a-uuid`]) {
      const response = await as(user)('PATCH', path, { due_on: null, priority: 'none' })
      expect(response.status).toBe(404)
      expect(((await response.json()) as { error_code: string }).error_code).toBe('TASK_NOT_FOUND')
    }
    expect(await (await as(other)('GET', `${base(other)}/${theirs.id}`)).json()).toEqual(theirs)
  })
})

function withoutUpdatedAt(task: Task): Omit<Task, 'updated_at'> {
  const { updated_at: _updatedAt, ...rest } = task
  return rest
}

describe('validation: 422 naming the field, and nothing written', () => {
  let user: TestUser
  let task: Task

  beforeAll(async () => {
    user = await signUp(stack.auth.url)
    ;[task] = (await seed(user, [{ title: 'target', due_on: TODAY, priority: 'low', completed: false }])) as [Task]
  })

  const one = () => `${base(user)}/${task.id}`
  const cases = (): Array<[string, string, unknown, string]> => [
    ['POST', base(user), { title: 't', due_on: '2026-02-30' }, 'due_on'],
    ['POST', base(user), { title: 't', due_on: '2100-02-29' }, 'due_on'],
    ['POST', base(user), { title: 't', due_on: '0000-12-31' }, 'due_on'],
    ['POST', base(user), { title: 't', due_on: '10000-01-01' }, 'due_on'],
    ['POST', base(user), { title: 't', due_on: '2026-3-14' }, 'due_on'],
    ['POST', base(user), { title: 't', due_on: '2026-03-14T00:00:00.000Z' }, 'due_on'],
    ['POST', base(user), { title: 't', due_on: 'today' }, 'due_on'],
    ['POST', base(user), { title: 't', due_on: 20260314 }, 'due_on'],
    ['POST', base(user), { title: 't', due_on: '' }, 'due_on'],
    ['POST', base(user), { title: 't', priority: 'urgent' }, 'priority'],
    ['POST', base(user), { title: 't', priority: 3 }, 'priority'],
    ['POST', base(user), { title: 't', priority: null }, 'priority'],
    ['PUT', one(), { title: 't', due_on: 'tomorrow' }, 'due_on'],
    ['PUT', one(), { title: 't', priority: 'HIGH' }, 'priority'],
    ['PATCH', one(), {}, '(body)'],
    ['PATCH', one(), { due_on: '2026-13-01' }, 'due_on'],
    ['PATCH', one(), { priority: 'top' }, 'priority'],
    ['PATCH', one(), { title: '' }, 'title'],
    ['PATCH', one(), { title: null }, 'title'],
    ['PATCH', one(), { owner: 'me' }, 'owner'],
    ['POST', `${base(user)}/complete-all`, { completed: true, view: 'overdue' }, 'today'],
    ['POST', `${base(user)}/complete-all`, { completed: true, view: 'today', today: '2026-02-29' }, 'today'],
    ['POST', `${base(user)}/complete-all`, { completed: true, view: 'later', today: TODAY }, 'view'],
    ['GET', `${base(user)}?view=today`, undefined, 'today'],
    ['GET', `${base(user)}?view=upcoming`, undefined, 'today'],
    ['GET', `${base(user)}?view=overdue&today=2026-02-30`, undefined, 'today'],
    ['GET', `${base(user)}?view=all&today=14.03.2026`, undefined, 'today'],
    ['GET', `${base(user)}?view=someday&today=${TODAY}`, undefined, 'view'],
    ['GET', `${base(user)}?sort=due`, undefined, 'sort'],
    ['GET', `${base(user)}/counts?today=2026-02-29`, undefined, 'today'],
    ['GET', `${base(user)}/counts?today=`, undefined, 'today'],
    ['GET', `${base(user)}/counts?view=today`, undefined, 'view'],
  ]

  it('refuses each bad request with 422 VALIDATION_FAILED naming exactly the field', async () => {
    const before = await everything(user)
    const failures: string[] = []
    for (const [method, path, body, field] of cases()) {
      const response = await as(user)(method, path, body)
      const answer = (await response.json()) as { error_code: string; detail: { field: string }[] }
      const fields = answer.detail?.map?.((problem) => problem.field)
      if (response.status !== 422 || answer.error_code !== 'VALIDATION_FAILED' || JSON.stringify(fields) !== JSON.stringify([field])) {
        failures.push(`${method} ${path} ${JSON.stringify(body)}: ${response.status} ${JSON.stringify(answer)}, expected 422 naming ${field}`)
      }
    }
    expect(failures).toEqual([])
    expect(await everything(user)).toEqual(before)
  })
})

describe('POST …/complete-all with a view', () => {
  it('marks only the view’s tasks, counts them, and leaves every other task as it was', async () => {
    const user = await signUp(stack.auth.url)
    await seed(user, MIXED)
    const start = await everything(user)
    const overdue = [...start.values()].filter((task) => inView(task, 'overdue', TODAY))
    expect(overdue).toHaveLength(2)

    const marked = await as(user)('POST', `${base(user)}/complete-all`, { completed: true, view: 'overdue', today: TODAY })
    expect(marked.status).toBe(200)
    expect(await marked.json()).toEqual({ updated: 2 })
    const after = await everything(user)
    for (const [id, task] of after) {
      if (overdue.some((each) => each.id === id)) expect(task.completed, task.title).toBe(true)
      else expect(task, task.title).toEqual(start.get(id))
    }
    expect((await walk(user, { view: 'overdue', today: TODAY }, 10)).tasks).toEqual([])
    expect((await walk(user, { view: 'today', today: TODAY }, 10)).tasks.map(label).sort()).toEqual([`delta|${TODAY}|medium|open`, `echo|${TODAY}|high|open`])
    // Safe to retry.
    expect(await (await as(user)('POST', `${base(user)}/complete-all`, { completed: true, view: 'overdue', today: TODAY })).json()).toEqual({ updated: 0 })

    // Another client's day: from tomorrow's side, today's tasks are the overdue ones.
    expect(await (await as(user)('POST', `${base(user)}/complete-all`, { completed: true, view: 'overdue', today: day(1) })).json()).toEqual({ updated: 2 })

    // The view combines with status: the completed tasks without a day, made active again.
    expect(await (await as(user)('POST', `${base(user)}/complete-all`, { completed: false, view: 'no_date', status: 'completed' })).json()).toEqual({ updated: 1 })
    expect((await walk(user, { view: 'no_date', status: 'completed' }, 10)).tasks).toEqual([])
    expect(await counts(user, TODAY)).toMatchObject({ all: 13, completed: 7, today: 0, overdue: 0, upcoming: 2, no_date: 4 })

    // Upcoming, all of it.
    expect(await (await as(user)('POST', `${base(user)}/complete-all`, { completed: true, view: 'upcoming', today: TODAY })).json()).toEqual({ updated: 2 })
    expect(await counts(user, TODAY)).toMatchObject({ completed: 9, upcoming: 0 })
  })
})

describe('time-zone independence', () => {
  let user: TestUser
  let tasks: Task[]
  /** The api in processes of their own, in the time zones furthest east and west of UTC. */
  const faraway: ChildService[] = []

  beforeAll(async () => {
    user = await signUp(stack.auth.url)
    tasks = await seed(user, [
      { title: 'yesterday', due_on: day(-1), priority: 'none', completed: false },
      { title: 'today', due_on: TODAY, priority: 'none', completed: false },
      { title: 'tomorrow', due_on: day(1), priority: 'none', completed: false },
      { title: 'next week', due_on: day(7), priority: 'none', completed: false },
      { title: 'new year', due_on: '2027-01-01', priority: 'none', completed: false },
    ])
    faraway.push(...(await Promise.all(['Pacific/Kiritimati', 'Pacific/Pago_Pago'].map((zone) => spawnService('api', { AUTH_URL: stack.auth.url, TZ: zone })))))
  }, 120_000)
  afterAll(async () => {
    await Promise.all(faraway.map((service) => service.close()))
  })

  const todayTitles = async (apiUrl: string, today: string) => {
    const response = await apiCall(apiUrl, user.cookie)('GET', `${base(user)}?${search({ view: 'today', today, sort: 'due_on', order: 'asc' })}`)
    expect(response.status).toBe(200)
    return ((await response.json()) as TaskPage).tasks.map((task) => task.title)
  }

  it('gives two clients with different days different Today lists from the same tasks', async () => {
    expect(await todayTitles(stack.api.url, TODAY)).toEqual(['yesterday', 'today'])
    expect(await todayTitles(stack.api.url, day(1))).toEqual(['yesterday', 'today', 'tomorrow'])
    expect(await todayTitles(stack.api.url, '2027-01-01')).toEqual(['yesterday', 'today', 'tomorrow', 'next week', 'new year'])
  })

  it('answers the same, day for day, from an api running at UTC+14 and one at UTC−11', async () => {
    for (const service of faraway) {
      for (const today of [day(-1), TODAY, day(1)]) expect(await todayTitles(service.url, today), `${service.name} ${today}`).toEqual(await todayTitles(stack.api.url, today))
      const listed = await apiCall(service.url, user.cookie)('GET', `${base(user)}?sort=due_on&order=asc`)
      expect(((await listed.json()) as TaskPage).tasks.map((task) => task.due_on)).toEqual(tasks.map((task) => task.due_on))
      expect(await (await apiCall(service.url, user.cookie)('GET', `${base(user)}/counts?today=${TODAY}`)).json()).toEqual(await counts(user, TODAY))
      // A day written far east and far west is stored and read back as that same day.
      const created = await apiCall(service.url, user.cookie)('POST', base(user), { title: `written in ${service.name}`, due_on: '2026-12-31' })
      const made = (await created.json()) as Task
      expect(made.due_on).toBe('2026-12-31')
      expect(((await (await as(user)('GET', `${base(user)}/${made.id}`)).json()) as Task).due_on).toBe('2026-12-31')
      await as(user)('DELETE', `${base(user)}/${made.id}`)
    }
  })
})

describe('query plans: every view and sort is an index scan of one user’s rows', () => {
  interface PlanNode {
    'Node Type': string
    'Index Name'?: string
    'Index Cond'?: string
    'Relation Name'?: string
    Plans?: PlanNode[]
  }
  const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)]

  it('uses an index on user_id for each, and the due-day index with the view as its range for sort=due_on', async () => {
    const database = await createMigratedDatabase(inject('databaseUrl'), 'task_plans')
    const pool = new pg.Pool({ connectionString: database.url, max: 2 })
    try {
      // 12,000 tasks of 4 users: 3,000 each, a fifth without a day, days spread 60 either side of TODAY.
      for (const n of [1, 2, 3, 4]) await pool.query(`insert into "user" (id, name, email) values ('u${n}', 'U', 'u${n}@example.com')`)
      await pool.query(
        `insert into tasks (user_id, title, completed, due_on, priority, created_at, updated_at)
         select 'u' || (1 + g % 4), 'task ' || g, g % 3 = 0, case when g % 5 = 1 then null else $1::date + ((g * 7919) % 121 - 60) end, (g / 4) % 4,
                now() - g * interval '1 minute', now() - g * interval '1 minute'
         from generate_series(1, 12000) g`,
        [TODAY],
      )
      await pool.query('analyze tasks')
      const captured: { query: string; params: unknown[] }[] = []
      const repository = createTaskRepository(drizzle({ client: pool, logger: { logQuery: (query, params) => captured.push({ query, params }) } }))
      const plans: string[] = []
      const failures: string[] = []
      // Positions in the middle of the user's rows.
      const middle = new Date(Date.now() - 6_000 * 60_000).toISOString()
      const cursors = { created_at: middle, updated_at: middle, title: 'task 5', due_on: day(3), priority: 'medium', position: '0' } as const
      for (const view of TASK_VIEWS) {
        for (const sort of TASK_SORTS) {
          for (const order of ['asc', 'desc'] as const) {
            for (const after of [undefined, { value: cursors[sort], id: '80000000-0000-4000-8000-000000000000' }]) {
              captured.length = 0
              await repository.list({ ownerId: 'u2', status: 'all', view, today: TODAY, sort, order, limit: 51, after })
              const [statement] = captured
              if (statement === undefined) throw new Error('no statement')
              const explained = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`explain (format json) ${statement.query}`, statement.params)
              const all = nodes(explained.rows[0]?.['QUERY PLAN'][0].Plan as PlanNode)
              const scans = all.filter((node) => /Scan/.test(node['Node Type']) && node['Node Type'] !== 'Bitmap Heap Scan')
              const where = `view=${view} sort=${sort} order=${order}${after ? ' after a cursor' : ''}`
              plans.push(`${where}: ${all.map((node) => `${node['Node Type']}${node['Index Name'] ? ` ${node['Index Name']}` : ''}`).join(' > ')}`)
              if (scans.some((node) => node['Node Type'] === 'Seq Scan') || !scans.every((node) => node['Index Cond']?.includes("user_id = 'u2'"))) {
                failures.push(`${where}: not an index scan of one user: ${plans.at(-1)}`)
              }
              if (sort === 'due_on' && view !== 'all' && !scans.some((node) => /tasks_user_due_(asc|desc)_idx/.test(node['Index Name'] ?? '') && /COALESCE\(due_on/.test(node['Index Cond'] ?? ''))) {
                failures.push(`${where}: the view is not the range of the due-day index scan: ${plans.at(-1)}`)
              }
              // A first page of everything reads the sort's index in order. (Deeper or narrower pages may be cheaper as a
              // bitmap scan of the few rows left and a sort of those; still one user's rows by index.)
              if (view === 'all' && after === undefined && all.some((node) => node['Node Type'] === 'Sort')) failures.push(`${where}: sorts instead of reading the index in order: ${plans.at(-1)}`)
            }
          }
        }
      }
      captured.length = 0
      await repository.counts('u2', { today: TODAY })
      const [countStatement] = captured
      if (countStatement === undefined) throw new Error('no statement')
      const countPlan = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`explain (format json) ${countStatement.query}`, countStatement.params)
      const countNodes = nodes(countPlan.rows[0]?.['QUERY PLAN'][0].Plan as PlanNode)
      if (countNodes.some((node) => node['Node Type'] === 'Seq Scan')) failures.push(`counts: ${countNodes.map((node) => node['Node Type']).join(' > ')}`)
      process.stdout.write(`${JSON.stringify({ suite: 'task-plans', rows: 12_000, plans: plans.length, sorts: plans.filter((plan) => plan.includes('Sort')).length })}\n`)
      expect(failures).toEqual([])
    } finally {
      await pool.end()
      await database.drop()
    }
  })
})
