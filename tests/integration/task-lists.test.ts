import {
  MAX_LISTS_PER_USER,
  type CountedTaskList,
  type MovedTask,
  type MovedTaskList,
  type Task,
  type TaskCounts,
  type TaskList,
  type TaskListDeleted,
  type TaskLists,
  type TaskPage,
} from '@tasklane/api/contract'
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createListRepository } from '../../apps/api/src/lists/list-repository.ts'
import { type TestUser, apiCall, signUp, useSignedInStack } from '../support/test-stack.ts'

/**
 * Task lists over HTTP (`/api/{userId}/lists…`, and `list_id` / `list` in the tasks routes): the Inbox is no row (a
 * task with no list is in it), each route's answers and refusals, and that a refusal writes nothing, read back from the
 * database itself. The cross-user cases are in isolation.test.ts.
 */

const stack = useSignedInStack()
let database: pg.Pool

beforeAll(() => {
  database = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 })
})
afterAll(async () => {
  await database?.end()
})

const TODAY = '2026-03-14'
const MISSING_ID = '00000000-0000-4000-8000-000000000000'
type Query = Record<string, string | number | undefined>

const listsPath = (user: TestUser) => `/api/${user.userId}/lists`
const tasksPath = (user: TestUser) => `/api/${user.userId}/tasks`
const as = (user: TestUser) => apiCall(stack.api.url, user.cookie)
const search = (query: Query) => new URLSearchParams(Object.entries(query).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]]))).toString()

async function newUser(): Promise<TestUser> {
  return signUp(stack.auth.url)
}

async function createList(user: TestUser, name: string): Promise<TaskList> {
  const response = await as(user)('POST', listsPath(user), { name })
  expect(response.status, await response.clone().text()).toBe(201)
  return (await response.json()) as TaskList
}

async function overview(user: TestUser): Promise<TaskLists> {
  const response = await as(user)('GET', listsPath(user))
  expect(response.status).toBe(200)
  return (await response.json()) as TaskLists
}

const namesOf = async (user: TestUser) => (await overview(user)).lists.map((list) => list.name)

async function createTask(user: TestUser, body: Record<string, unknown>): Promise<Task> {
  const response = await as(user)('POST', tasksPath(user), body)
  expect(response.status, await response.clone().text()).toBe(201)
  return (await response.json()) as Task
}

/** Every row of the user's lists and tasks as stored: what a refusal must leave exactly as it was. */
async function stored(user: TestUser) {
  const lists = await database.query('select * from task_lists where user_id = $1 order by id', [user.userId])
  const tasks = await database.query('select id, title, list_id, completed, position, updated_at from tasks where user_id = $1 order by id', [user.userId])
  return { lists: lists.rows, tasks: tasks.rows }
}

/** `request` is refused with `status` and `code`, and the user's lists and tasks are as they were. */
async function expectRefused(user: TestUser, request: () => Promise<Response>, status: number, code: string) {
  const before = await stored(user)
  const response = await request()
  const text = await response.text()
  expect(response.status, text).toBe(status)
  expect(JSON.parse(text)).toMatchObject({ error_code: code, request_id: response.headers.get('x-request-id') })
  expect(await stored(user)).toEqual(before)
  return JSON.parse(text) as { detail: unknown }
}

/** Every task of a listing, walked page by page with `limit`. */
async function walk(user: TestUser, query: Query, limit = 3): Promise<Task[]> {
  const seen: Task[] = []
  let cursor: string | null = null
  for (let page = 0; page < 100; page++) {
    const response = await as(user)('GET', `${tasksPath(user)}?${search({ ...query, limit, cursor: cursor ?? undefined })}`)
    expect(response.status, `${search(query)}: ${await response.clone().text()}`).toBe(200)
    const body = (await response.json()) as TaskPage
    seen.push(...body.tasks)
    cursor = body.next_cursor
    if (cursor === null) return seen
  }
  throw new Error('more than 100 pages')
}

describe('the lists routes', () => {
  it('starts with an empty Inbox and no lists; a list is created trimmed, at the bottom, with a Location', async () => {
    const user = await newUser()
    expect(await overview(user)).toEqual({ inbox: { counts: { all: 0, pending: 0 } }, lists: [] })
    const first = await createList(user, 'Work')
    const response = await as(user)('POST', listsPath(user), { name: '  Groceries \n' })
    expect(response.status).toBe(201)
    const second = (await response.json()) as TaskList
    expect(response.headers.get('location')).toBe(`${listsPath(user)}/${second.id}`)
    expect(second).toEqual({ id: expect.any(String), name: 'Groceries', created_at: expect.any(String), updated_at: second.created_at })
    const listed = await overview(user)
    expect(listed.lists).toEqual([
      { ...first, counts: { all: 0, pending: 0 } },
      { ...second, counts: { all: 0, pending: 0 } },
    ])
    // 60 characters is the most a name may have; any text a task's title may hold, too.
    await createList(user, 'x'.repeat(60))
    await createList(user, 'Émoji 🧺 and 中文')
  })

  it('refuses names that are empty, too long, not text or not storable, and unknown fields, with 422 naming the field, writing nothing', async () => {
    const user = await newUser()
    await createList(user, 'Kept')
    for (const body of [{ name: '' }, { name: '   ' }, { name: 'x'.repeat(61) }, { name: 'nul\u0000' }, { name: 'lone \ud800' }, { name: 7 }, {}, { name: 'ok', position: 1 }, { name: 'ok', user_id: 'x' }]) {
      const error = await expectRefused(user, () => as(user)('POST', listsPath(user), body), 422, 'VALIDATION_FAILED')
      expect(JSON.stringify(error.detail), JSON.stringify(body)).toMatch(/"field":"(name|position|user_id)"/)
    }
  })

  it('refuses a name another list has, whatever its case, and “Inbox”, with 409 LIST_NAME_TAKEN, writing nothing', async () => {
    const user = await newUser()
    const groceries = await createList(user, 'Groceries')
    const work = await createList(user, 'Work')
    for (const name of ['Groceries', 'groceries', ' GROCERIES ', 'Inbox', 'inbox', 'INBOX']) {
      const error = await expectRefused(user, () => as(user)('POST', listsPath(user), { name }), 409, 'LIST_NAME_TAKEN')
      expect(error.detail).toEqual({ name: name.trim() })
      await expectRefused(user, () => as(user)('PATCH', `${listsPath(user)}/${work.id}`, { name }), 409, 'LIST_NAME_TAKEN')
    }
    // A list may take its own name in another case; another user may have the same names.
    const renamed = await as(user)('PATCH', `${listsPath(user)}/${groceries.id}`, { name: 'GROCERIES' })
    expect(renamed.status).toBe(200)
    const other = await newUser()
    await createList(other, 'groceries')
    expect(await namesOf(user)).toEqual(['GROCERIES', 'Work'])
  })

  it(`refuses a list past ${MAX_LISTS_PER_USER} with 409 LIST_LIMIT_REACHED, also when creates race`, async () => {
    const user = await newUser()
    for (let n = 0; n < MAX_LISTS_PER_USER - 5; n++) await createList(user, `list ${n}`)
    // Ten at once for the last five places: exactly five are made.
    const raced = await Promise.all(Array.from({ length: 10 }, (_, n) => as(user)('POST', listsPath(user), { name: `raced ${n}` })))
    expect(raced.map((response) => response.status).sort()).toEqual([201, 201, 201, 201, 201, 409, 409, 409, 409, 409])
    const error = await expectRefused(user, () => as(user)('POST', listsPath(user), { name: 'one more' }), 409, 'LIST_LIMIT_REACHED')
    expect(error.detail).toEqual({ max_lists: MAX_LISTS_PER_USER })
    expect((await overview(user)).lists).toHaveLength(MAX_LISTS_PER_USER)
  })

  it('holds the limit when many creates reach the database at once: the count and the insert are one step per user', async () => {
    const user = await newUser()
    const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 10 })
    try {
      const repository = createListRepository(drizzle({ client: pool }))
      const results = await Promise.all(Array.from({ length: 30 }, (_, n) => repository.create({ ownerId: user.userId, name: `at once ${n}`, maxLists: 5 })))
      expect(results.filter((result) => 'row' in result)).toHaveLength(5)
      expect(results.filter((result) => 'refused' in result && result.refused === 'limit_reached')).toHaveLength(25)
      expect((await overview(user)).lists).toHaveLength(5)
    } finally {
      await pool.end()
    }
  })

  it('reads one list with its counts; a missing list or an id that is not a UUID is 404 LIST_NOT_FOUND', async () => {
    const user = await newUser()
    const list = await createList(user, 'Errands')
    await createTask(user, { title: 'pending', list_id: list.id })
    const done = await createTask(user, { title: 'done', list_id: list.id })
    await as(user)('PATCH', `${tasksPath(user)}/${done.id}`, { completed: true })
    await createTask(user, { title: 'in the inbox' })
    const response = await as(user)('GET', `${listsPath(user)}/${list.id}`)
    expect(response.status).toBe(200)
    expect((await response.json()) as CountedTaskList).toEqual({ ...list, counts: { all: 2, pending: 1 } })
    expect(await overview(user)).toEqual({ inbox: { counts: { all: 1, pending: 1 } }, lists: [{ ...list, counts: { all: 2, pending: 1 } }] })
    for (const id of [MISSING_ID, 'not-a-uuid', 'inbox', `${list.id}x`]) {
      await expectRefused(user, () => as(user)('GET', `${listsPath(user)}/${id}`), 404, 'LIST_NOT_FOUND')
    }
  })

  it('renames a list (trimmed, updated_at moves on); a missing one is 404 and a bad name 422, writing nothing', async () => {
    const user = await newUser()
    const list = await createList(user, 'Old name')
    await new Promise((resolve) => setTimeout(resolve, 5))
    const response = await as(user)('PATCH', `${listsPath(user)}/${list.id}`, { name: ' New name ' })
    expect(response.status).toBe(200)
    const renamed = (await response.json()) as TaskList
    expect(renamed).toMatchObject({ id: list.id, name: 'New name', created_at: list.created_at })
    expect(Date.parse(renamed.updated_at)).toBeGreaterThan(Date.parse(list.updated_at))
    for (const id of [MISSING_ID, 'not-a-uuid']) await expectRefused(user, () => as(user)('PATCH', `${listsPath(user)}/${id}`, { name: 'x' }), 404, 'LIST_NOT_FOUND')
    for (const body of [{ name: '' }, {}, { name: 'x', extra: 1 }]) await expectRefused(user, () => as(user)('PATCH', `${listsPath(user)}/${list.id}`, body), 422, 'VALIDATION_FAILED')
  })

  it('moves a list between the neighbours named, as a task moves, and keeps the order through renumbering', async () => {
    const user = await newUser()
    const [a, b, c, d] = [await createList(user, 'A'), await createList(user, 'B'), await createList(user, 'C'), await createList(user, 'D')] as TaskList[] as [TaskList, TaskList, TaskList, TaskList]
    const move = async (list: TaskList, beforeId: string | null, afterId: string | null) => {
      const response = await as(user)('POST', `${listsPath(user)}/${list.id}/move`, { before_id: beforeId, after_id: afterId })
      expect(response.status, await response.clone().text()).toBe(200)
      return (await response.json()) as MovedTaskList
    }
    expect(await move(d, null, null)).toEqual({ list: d, before_id: null, after_id: a.id })
    expect(await namesOf(user)).toEqual(['D', 'A', 'B', 'C'])
    expect(await move(d, b.id, c.id)).toMatchObject({ before_id: b.id, after_id: c.id })
    expect(await namesOf(user)).toEqual(['A', 'B', 'D', 'C'])
    // `after_id` alone: directly above it.
    await move(a, null, c.id)
    expect(await namesOf(user)).toEqual(['B', 'D', 'A', 'C'])
    // Already there: nothing changes, and the answer names its neighbours.
    expect(await move(a, d.id, c.id)).toEqual({ list: a, before_id: d.id, after_id: c.id })
    // Sixty moves into the same gap halve it past what a double holds: the lists are renumbered, in the same order.
    for (let n = 0; n < 60; n++) await move(n % 2 === 0 ? c : a, b.id, null)
    expect(await namesOf(user)).toEqual(['B', 'A', 'C', 'D'])
    const positions = await database.query<{ position: number }>('select position from task_lists where user_id = $1 order by position', [user.userId])
    expect(new Set(positions.rows.map((row) => row.position)).size).toBe(4)
  })

  it('refuses a move naming the list itself (422) or a neighbour that is not the user’s (404), writing nothing', async () => {
    const user = await newUser()
    const [a, b] = [await createList(user, 'A'), await createList(user, 'B')]
    const other = await newUser()
    const theirs = await createList(other, 'Theirs')
    const move = (id: string, body: unknown) => () => as(user)('POST', `${listsPath(user)}/${id}/move`, body)
    await expectRefused(user, move(a.id, { before_id: a.id, after_id: null }), 422, 'VALIDATION_FAILED')
    await expectRefused(user, move(a.id, { before_id: null, after_id: a.id }), 422, 'VALIDATION_FAILED')
    await expectRefused(user, move(a.id, { before_id: b.id, after_id: b.id }), 422, 'VALIDATION_FAILED')
    await expectRefused(user, move(a.id, { before_id: 'top', after_id: null }), 422, 'VALIDATION_FAILED')
    await expectRefused(user, move(a.id, { before_id: null }), 422, 'VALIDATION_FAILED')
    await expectRefused(user, move(a.id, { before_id: theirs.id, after_id: null }), 404, 'LIST_NOT_FOUND')
    await expectRefused(user, move(a.id, { before_id: null, after_id: MISSING_ID }), 404, 'LIST_NOT_FOUND')
    await expectRefused(user, move(theirs.id, { before_id: null, after_id: null }), 404, 'LIST_NOT_FOUND')
    await expectRefused(user, move('not-a-uuid', { before_id: null, after_id: null }), 404, 'LIST_NOT_FOUND')
  })

  it('deletes a list only with a choice: its tasks to the Inbox, or deleted with it, in one go; the answer counts them', async () => {
    const user = await newUser()
    const keep = await createList(user, 'Keep tasks')
    const drop = await createList(user, 'Drop tasks')
    const kept = [await createTask(user, { title: 'k1', list_id: keep.id }), await createTask(user, { title: 'k2', list_id: keep.id })]
    const dropped = [await createTask(user, { title: 'd1', list_id: drop.id }), await createTask(user, { title: 'd2', list_id: drop.id }), await createTask(user, { title: 'd3', list_id: drop.id })]
    const inbox = await createTask(user, { title: 'already in the inbox' })

    for (const query of ['', '?tasks=', '?tasks=archive', '?tasks=INBOX', '?tasks=inbox&tasks=delete', '?tasks=inbox&extra=1']) {
      await expectRefused(user, () => as(user)('DELETE', `${listsPath(user)}/${keep.id}${query}`), 422, 'VALIDATION_FAILED')
    }
    for (const id of [MISSING_ID, 'not-a-uuid']) await expectRefused(user, () => as(user)('DELETE', `${listsPath(user)}/${id}?tasks=delete`), 404, 'LIST_NOT_FOUND')

    const moved = await as(user)('DELETE', `${listsPath(user)}/${keep.id}?tasks=inbox`)
    expect(moved.status).toBe(200)
    expect((await moved.json()) as TaskListDeleted).toEqual({ moved_to_inbox: 2, deleted: 0 })
    for (const task of kept) expect(((await (await as(user)('GET', `${tasksPath(user)}/${task.id}`)).json()) as Task).list_id).toBeNull()

    const deleted = await as(user)('DELETE', `${listsPath(user)}/${drop.id}?tasks=delete`)
    expect(deleted.status).toBe(200)
    expect((await deleted.json()) as TaskListDeleted).toEqual({ moved_to_inbox: 0, deleted: 3 })
    for (const task of dropped) expect((await as(user)('GET', `${tasksPath(user)}/${task.id}`)).status).toBe(404)

    expect(await overview(user)).toEqual({ inbox: { counts: { all: 3, pending: 3 } }, lists: [] })
    expect((await walk(user, { list: 'inbox' })).map((task) => task.id).sort()).toEqual([...kept, inbox].map((task) => task.id).sort())
    // Gone: a second delete is 404, and so is a task sent to it.
    await expectRefused(user, () => as(user)('DELETE', `${listsPath(user)}/${keep.id}?tasks=inbox`), 404, 'LIST_NOT_FOUND')
    await expectRefused(user, () => as(user)('POST', tasksPath(user), { title: 'into a deleted list', list_id: keep.id }), 404, 'LIST_NOT_FOUND')
  })
})

describe('a list deleted while tasks are written into it', () => {
  it('answers every write 201 or 404 and the delete 200, and leaves no task in the deleted list', async () => {
    const user = await newUser()
    for (let round = 0; round < 3; round++) {
      const list = await createList(user, `busy ${round}`)
      const writes = Array.from({ length: 12 }, (_, n) => as(user)('POST', tasksPath(user), { title: `racing ${round}.${n}`, list_id: list.id }))
      const removal = as(user)('DELETE', `${listsPath(user)}/${list.id}?tasks=inbox`)
      const statuses = (await Promise.all(writes)).map((response) => response.status)
      const removed = await removal
      expect(removed.status).toBe(200)
      expect(new Set(statuses.filter((status) => status !== 201 && status !== 404))).toEqual(new Set())
      const { moved_to_inbox: moved } = (await removed.json()) as TaskListDeleted
      // Every task that was created went to the Inbox with the delete, or was refused after it.
      expect(moved).toBe(statuses.filter((status) => status === 201).length)
      const inList = await database.query('select count(*)::int as n from tasks where list_id = $1', [list.id])
      expect(inList.rows[0]).toEqual({ n: 0 })
    }
  })
})

describe('a task’s list', () => {
  it('is the Inbox (null) unless one is named; create, PUT and PATCH put it in a list, PUT keeps it unless sent', async () => {
    const user = await newUser()
    const [home, work] = [await createList(user, 'Home'), await createList(user, 'Work')]
    expect((await createTask(user, { title: 'no list' })).list_id).toBeNull()
    expect((await createTask(user, { title: 'null list', list_id: null })).list_id).toBeNull()
    const task = await createTask(user, { title: 'at home', list_id: home.id })
    expect(task.list_id).toBe(home.id)
    const one = `${tasksPath(user)}/${task.id}`
    const put = async (body: unknown) => ((await (await as(user)('PUT', one, body)).json()) as Task).list_id
    const patch = async (body: unknown) => ((await (await as(user)('PATCH', one, body)).json()) as Task).list_id
    expect(await put({ title: 'kept in its list' })).toBe(home.id)
    expect(await put({ title: 'moved by PUT', list_id: work.id })).toBe(work.id)
    expect(await patch({ list_id: home.id })).toBe(home.id)
    expect(await patch({ title: 'patched, not moved' })).toBe(home.id)
    expect(await patch({ list_id: null })).toBeNull()
    expect(await put({ title: 'to work', list_id: work.id })).toBe(work.id)
    expect(await put({ title: 'to the inbox', list_id: null })).toBeNull()
  })

  it('must be one of the user’s lists: another user’s, a missing or a deleted list is 404 LIST_NOT_FOUND and nothing is written', async () => {
    const user = await newUser()
    const mine = await createList(user, 'Mine')
    const task = await createTask(user, { title: 'stays', list_id: mine.id })
    const other = await newUser()
    const theirs = await createList(other, 'Theirs')
    const one = `${tasksPath(user)}/${task.id}`
    for (const listId of [theirs.id, MISSING_ID]) {
      await expectRefused(user, () => as(user)('POST', tasksPath(user), { title: 'intruder', list_id: listId }), 404, 'LIST_NOT_FOUND')
      await expectRefused(user, () => as(user)('PUT', one, { title: 'moved?', list_id: listId }), 404, 'LIST_NOT_FOUND')
      await expectRefused(user, () => as(user)('PATCH', one, { list_id: listId, title: 'moved?' }), 404, 'LIST_NOT_FOUND')
    }
    for (const listId of ['inbox', 'not-a-uuid', 7, '']) {
      await expectRefused(user, () => as(user)('PATCH', one, { list_id: listId }), 422, 'VALIDATION_FAILED')
    }
    // A task that is not there is still TASK_NOT_FOUND, whatever list it names.
    await expectRefused(user, () => as(user)('PATCH', `${tasksPath(user)}/${MISSING_ID}`, { list_id: theirs.id }), 404, 'TASK_NOT_FOUND')
    expect((await overview(other)).lists[0]?.counts).toEqual({ all: 0, pending: 0 })
  })

  it('a new task in a list goes on top of the user’s order; sort=position in a list is that list’s tasks in that order, and moves among them work', async () => {
    const user = await newUser()
    const list = await createList(user, 'Ordered')
    const a1 = await createTask(user, { title: 'a1', list_id: list.id })
    await createTask(user, { title: 'inbox 1' })
    const a2 = await createTask(user, { title: 'a2', list_id: list.id })
    await createTask(user, { title: 'inbox 2' })
    const a3 = await createTask(user, { title: 'a3', list_id: list.id })
    const ordered = async () => (await walk(user, { list: list.id, sort: 'position' }, 2)).map((task) => task.title)
    expect((await walk(user, { sort: 'position' }))[0]?.id).toBe(a3.id)
    expect(await ordered()).toEqual(['a3', 'a2', 'a1'])
    const move = async (task: Task, beforeId: string | null, afterId: string | null) => {
      const response = await as(user)('POST', `${tasksPath(user)}/${task.id}/move`, { before_id: beforeId, after_id: afterId })
      expect(response.status).toBe(200)
      return (await response.json()) as MovedTask
    }
    await move(a3, a1.id, null)
    expect(await ordered()).toEqual(['a2', 'a1', 'a3'])
    await move(a1, null, a2.id)
    expect(await ordered()).toEqual(['a1', 'a2', 'a3'])
    await move(a3, null, null)
    expect(await ordered()).toEqual(['a3', 'a1', 'a2'])
    await move(a2, a3.id, a1.id)
    expect(await ordered()).toEqual(['a3', 'a2', 'a1'])
    // Moving a task to another list keeps its place in the whole order.
    const whole = (await walk(user, { sort: 'position' })).map((task) => task.id)
    await as(user)('PATCH', `${tasksPath(user)}/${a2.id}`, { list_id: null })
    expect((await walk(user, { sort: 'position' })).map((task) => task.id)).toEqual(whole)
    expect(await ordered()).toEqual(['a3', 'a1'])
  })
})

describe('the list filter', () => {
  let user: TestUser
  let other: TestUser
  let everything: Task[]
  const lists: Record<'home' | 'work' | 'theirs', string> = { home: '', work: '', theirs: '' }

  beforeAll(async () => {
    user = await newUser()
    other = await newUser()
    lists.home = (await createList(user, 'Home')).id
    lists.work = (await createList(user, 'Work')).id
    lists.theirs = (await createList(other, 'Theirs')).id
    await createTask(other, { title: 'their milk', list_id: lists.theirs })
    const where = [null, lists.home, lists.work]
    const dues = [null, '2026-03-10', TODAY, '2026-03-20']
    const priorities = ['none', 'low', 'medium', 'high']
    for (let n = 0; n < 18; n++) {
      const task = await createTask(user, {
        title: `${n % 3 === 0 ? 'buy milk' : 'call'} ${String.fromCharCode(97 + ((n * 7) % 18))}`,
        due_on: dues[n % 4],
        priority: priorities[(n * 3) % 4],
        list_id: where[n % 3],
      })
      if (n % 4 === 1) await as(user)('PATCH', `${tasksPath(user)}/${task.id}`, { completed: true })
    }
    everything = await walk(user, {}, 100)
    expect(everything).toHaveLength(18)
  })

  const inList = (choice: string) => (task: Task) => (choice === 'inbox' ? task.list_id === null : task.list_id === choice)

  it('gives, in every sort and order, with views, status and search, exactly the unfiltered listing’s tasks of that list, page by page', async () => {
    const shapes: Query[] = [
      ...['created_at', 'updated_at', 'title', 'due_on', 'priority', 'position'].flatMap((sort) => ['asc', 'desc'].map((order) => ({ sort, order }))),
      ...['all', 'today', 'upcoming', 'overdue', 'no_date'].flatMap((view) => ['all', 'pending', 'completed'].map((status) => ({ view, status, today: TODAY }))),
      { q: 'milk' },
      { q: 'mil', sort: 'position' },
      { q: 'milk', view: 'today', today: TODAY, status: 'pending', sort: 'due_on' },
    ]
    let walks = 0
    for (const shape of shapes) {
      const unfiltered = await walk(user, shape, 100)
      for (const choice of ['inbox', lists.home, lists.work]) {
        const filtered = await walk(user, { ...shape, list: choice }, 2)
        expect(filtered.map((task) => task.id), `${search(shape)} list=${choice}`).toEqual(unfiltered.filter(inList(choice)).map((task) => task.id))
        walks++
      }
      // Another user's list, or one that is not there, holds none of this user's tasks.
      for (const choice of [lists.theirs, MISSING_ID]) expect(await walk(user, { ...shape, list: choice })).toEqual([])
    }
    process.stdout.write(`${JSON.stringify({ suite: 'task-lists', filtered_walks: walks, tasks: everything.length })}\n`)
  })

  it('counts, with today and a search, only the list’s tasks', async () => {
    for (const choice of ['inbox', lists.home, lists.work, lists.theirs]) {
      for (const q of [undefined, 'milk']) {
        const response = await as(user)('GET', `${tasksPath(user)}/counts?${search({ today: TODAY, q, list: choice })}`)
        expect(response.status).toBe(200)
        const counts = (await response.json()) as TaskCounts
        const mine = everything.filter(inList(choice)).filter((task) => q === undefined || task.title.includes(q))
        expect(counts, `list=${choice} q=${q}`).toMatchObject({ all: mine.length, completed: mine.filter((task) => task.completed).length })
        const views = await walk(user, { view: 'today', today: TODAY, list: choice, q })
        expect(counts.today).toBe(views.length)
      }
    }
  })

  it('refuses a list that is neither inbox nor an id (422), and a cursor of one list for another', async () => {
    for (const list of ['Inbox', 'home', 'not-a-uuid', '']) {
      const response = await as(user)('GET', `${tasksPath(user)}?${search({ list })}`)
      expect(response.status, list).toBe(422)
      expect(await response.json()).toMatchObject({ error_code: 'VALIDATION_FAILED', detail: [{ field: 'list' }] })
    }
    const page = (await (await as(user)('GET', `${tasksPath(user)}?${search({ list: lists.home, limit: 1 })}`)).json()) as TaskPage
    expect(page.next_cursor).not.toBeNull()
    for (const list of [lists.work, 'inbox', undefined]) {
      const replayed = await as(user)('GET', `${tasksPath(user)}?${search({ list, limit: 1, cursor: page.next_cursor ?? '' })}`)
      expect(replayed.status, String(list)).toBe(422)
      expect(await replayed.json()).toMatchObject({ detail: [{ field: 'cursor' }] })
    }
  })

  it('makes “mark all” act on the list’s tasks only', async () => {
    const before = await walk(user, {}, 100)
    const response = await as(user)('POST', `${tasksPath(user)}/complete-all`, { completed: true, list: lists.work, status: 'pending' })
    expect(response.status).toBe(200)
    const work = before.filter(inList(lists.work))
    expect(await response.json()).toEqual({ updated: work.filter((task) => !task.completed).length })
    const after = await walk(user, {}, 100)
    for (const task of after) {
      const was = before.find((earlier) => earlier.id === task.id)
      expect(task.completed, task.title).toBe(task.list_id === lists.work ? true : was?.completed)
    }
    const theirs = await as(user)('POST', `${tasksPath(user)}/complete-all`, { completed: false, list: lists.theirs })
    expect(await theirs.json()).toEqual({ updated: 0 })
    expect((await overview(other)).lists[0]?.counts).toEqual({ all: 1, pending: 1 })
  })
})
