import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { TASK_PRIORITIES, TASK_STATUSES, TASK_VIEWS, type MovedTask, type Task, type TaskCounts, type TaskFilter, type TaskPage, type TaskView } from '@tasklane/api/contract'
import { migrationsFolder } from '@tasklane/db/migrate'
import { createMigratedDatabase } from '@tasklane/test-kit/postgres-database'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import fc from 'fast-check'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createTaskRepository } from '../../apps/api/src/tasks/task-repository.ts'
import { type TestUser, apiCall, sessionCookie, signIn, signUp, useSignedInStack } from '../support/test-stack.ts'

/**
 * Search (`q`) and the user's own order (`sort=position`, `POST …/tasks/{id}/move`) in the tasks api. Every listing
 * is walked page by page and compared with a model written here, apart from the SQL: a search finds the tasks whose
 * title or description has, for every term, a word starting with it (case and accents aside); the own order starts
 * with the newest task and changes only by moves, each of which lands next to the neighbour it names first.
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
type Query = Record<string, string | number | undefined>
type Order = 'asc' | 'desc'

const base = (user: TestUser) => `/api/${user.userId}/tasks`
const as = (user: TestUser, cookie = user.cookie) => apiCall(stack.api.url, cookie)
const search = (query: Query) => new URLSearchParams(Object.entries(query).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]]))).toString()
const idsOf = (tasks: readonly Task[]) => tasks.map((task) => task.id)

interface Spec {
  title: string
  description?: string | null
  due_on?: string | null
  priority?: (typeof TASK_PRIORITIES)[number]
  completed?: boolean
}

/** Creates each task through the api in turn (so the last one is the newest), completing the completed ones. */
async function seed(user: TestUser, specs: Spec[]): Promise<Task[]> {
  const made: Task[] = []
  for (const { completed, ...fields } of specs) {
    const created = await as(user)('POST', base(user), fields)
    expect(created.status, await created.clone().text()).toBe(201)
    let task = (await created.json()) as Task
    if (completed) {
      const patched = await as(user)('PATCH', `${base(user)}/${task.id}`, { completed: true })
      expect(patched.status).toBe(200)
      task = (await patched.json()) as Task
    }
    made.push(task)
  }
  return made
}

async function listPage(user: TestUser, query: Query, cookie?: string): Promise<TaskPage> {
  const response = await as(user, cookie)('GET', `${base(user)}?${search(query)}`)
  const text = await response.text()
  expect(response.status, text).toBe(200)
  return JSON.parse(text) as TaskPage
}

/** Every page of a listing, following `next_cursor` to the end. */
async function walk(user: TestUser, query: Query, limit: number, cookie?: string): Promise<{ tasks: Task[]; pages: number }> {
  const tasks: Task[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const page = await listPage(user, { ...query, limit, cursor }, cookie)
    expect(page.tasks.length).toBeLessThanOrEqual(limit)
    tasks.push(...page.tasks)
    cursor = page.next_cursor ?? undefined
    if (++pages > 500) throw new Error('the cursor never ends')
  } while (cursor !== undefined)
  return { tasks, pages }
}

/** The user's own order, top first, as the api lists it. */
async function order(user: TestUser, cookie?: string): Promise<string[]> {
  return idsOf((await walk(user, { sort: 'position' }, 100, cookie)).tasks)
}

async function counts(user: TestUser, query: Query = {}): Promise<TaskCounts> {
  const response = await as(user)('GET', `${base(user)}/counts?${search(query)}`)
  expect(response.status).toBe(200)
  return (await response.json()) as TaskCounts
}

async function move(user: TestUser, task: string, before: string | null, after: string | null, cookie?: string): Promise<Response> {
  return as(user, cookie)('POST', `${base(user)}/${task}/move`, { before_id: before, after_id: after })
}

async function moved(user: TestUser, task: string, before: string | null, after: string | null): Promise<MovedTask> {
  const response = await move(user, task, before, after)
  const text = await response.text()
  expect(response.status, text).toBe(200)
  return JSON.parse(text) as MovedTask
}

/** Positions as stored, by task id, for one user: what a renumbering changes and a refused move must not. */
async function storedPositions(userId: string): Promise<Map<string, number>> {
  const result = await database.query<{ id: string; position: number }>('select id, position from tasks where user_id = $1', [userId])
  return new Map(result.rows.map((row) => [row.id, row.position]))
}

// The model of a search, apart from PostgreSQL: accents removed (NFD without marks), lower case, words split at
// anything that is not a letter or digit; every term must be the start of some word of the title or description.
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
const wordsOf = (text: string) => fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean)
function found(task: Task, q: string): boolean {
  const words = wordsOf(`${task.title} ${task.description ?? ''}`)
  const terms = q.split(/\s+/u).filter((term) => /[\p{L}\p{N}]/u.test(term))
  return terms.every((term) => wordsOf(term).every((part) => words.some((word) => word.startsWith(part))))
}

function inView(task: Task, view: TaskView): boolean {
  const due = task.due_on
  if (view === 'all') return true
  if (view === 'no_date') return due === null
  if (due === null || task.completed) return false
  return view === 'today' ? due <= TODAY : view === 'upcoming' ? due > TODAY : due < TODAY
}
const inStatus = (task: Task, status: TaskFilter) => status === 'all' || task.completed === (status === 'completed')

/** The api's sort keys as text that sorts alike (a task without a due day last in both orders), then the id. */
function sorted(tasks: Task[], sort: 'created_at' | 'updated_at' | 'title' | 'due_on' | 'priority', order: Order): Task[] {
  const key = (task: Task) =>
    sort === 'due_on' ? (task.due_on ?? (order === 'asc' ? '\uffff' : '')) : sort === 'priority' ? String(TASK_PRIORITIES.indexOf(task.priority)) : task[sort]
  const ascending = (a: Task, b: Task) => (key(a) !== key(b) ? (key(a) < key(b) ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  return [...tasks].sort((a, b) => (order === 'asc' ? ascending(a, b) : ascending(b, a)))
}

// Lower-case ASCII titles apart from the accents under test, so every collation sorts them alike.
const LIBRARY: Spec[] = [
  { title: 'buy milk', description: 'two litres, semi-skimmed', due_on: '2026-03-10', priority: 'high' },
  { title: 'Buy MILKSHAKE powder', description: null, due_on: TODAY, priority: 'low', completed: true },
  { title: 'call the école', description: 'about the résumé', due_on: '2026-03-20', priority: 'medium' },
  { title: 'prepare the report', description: 'quarterly numbers', due_on: null, priority: 'none' },
  { title: 'reply to anna', description: 're: the café on monday', due_on: '2026-03-12', priority: 'high', completed: true },
  { title: 'water plants', description: 'the fern needs milk? no: water', due_on: null, priority: 'low' },
  { title: 'repair the bike', description: null, due_on: '2026-04-01', priority: 'medium' },
  { title: 'naïve question', description: 'ask Zoë about ÇA', due_on: TODAY, priority: 'none' },
  { title: 'report taxes', description: 'before the deadline', due_on: '2026-03-13', priority: 'high' },
  { title: 'co-op shift', description: "o'neil covers tuesday", due_on: null, priority: 'low', completed: true },
  { title: 'buy bread', description: 'and milk', due_on: '2026-03-14', priority: 'medium' },
  { title: 'email the cafe owner', description: null, due_on: '2026-03-30', priority: 'none' },
]

describe('search: words and word prefixes in titles and descriptions', () => {
  let user: TestUser
  let tasks: Task[]
  /** The user's own order (newest on top): what a search sorted by position must keep. */
  let ownOrder: string[]

  beforeAll(async () => {
    user = await signUp(stack.auth.url)
    await seed(user, LIBRARY)
    tasks = (await walk(user, {}, 100)).tasks
    ownOrder = await order(user)
  })

  const titles = async (query: Query) => (await walk(user, query, 100)).tasks.map((task) => task.title).sort()

  it('finds whole words and word beginnings, in titles and descriptions, whatever the case and accents', async () => {
    expect(await titles({ q: 'milk' })).toEqual(['Buy MILKSHAKE powder', 'buy bread', 'buy milk', 'water plants'])
    expect(await titles({ q: 'MILKS' })).toEqual(['Buy MILKSHAKE powder'])
    expect(await titles({ q: 'buy mil' })).toEqual(['Buy MILKSHAKE powder', 'buy bread', 'buy milk'])
    // In the description only.
    expect(await titles({ q: 'quarterly' })).toEqual(['prepare the report'])
    expect(await titles({ q: 'litre semi' })).toEqual(['buy milk'])
    // Accents neither way: typed without, stored with, and typed with, stored without.
    expect(await titles({ q: 'ecole resume' })).toEqual(['call the école'])
    expect(await titles({ q: 'café' })).toEqual(['email the cafe owner', 'reply to anna'])
    expect(await titles({ q: 'NAIVE zoe ça' })).toEqual(['naïve question'])
    // Prefixes of words, never the middle of one: "rep" is not in "prepare".
    expect(await titles({ q: 'rep' })).toEqual(['prepare the report', 'repair the bike', 'reply to anna', 'report taxes'])
    expect(await titles({ q: 'pare' })).toEqual([])
    expect(await titles({ q: 'port' })).toEqual([])
    // Punctuation inside a term splits it as it splits the text.
    expect(await titles({ q: 'co-op' })).toEqual(['co-op shift'])
    expect(await titles({ q: "O'Neil" })).toEqual(['co-op shift'])
  })

  it('finds nothing for words no task holds, with an empty last page and counts of zero', async () => {
    for (const q of ['quokka', 'milk quokka', 'xylophone']) {
      expect(await listPage(user, { q })).toEqual({ tasks: [], next_cursor: null })
      expect(await counts(user, { q, today: TODAY })).toEqual({ all: 0, pending: 0, completed: 0, today: 0, upcoming: 0, overdue: 0, no_date: 0 })
    }
  })

  it('is no search at all for an empty q, whitespace, or pieces without a letter or digit', async () => {
    for (const q of ['', '   ', '\t', '#', '- !', '🍪', '&|!():*']) {
      expect(idsOf((await walk(user, { q }, 100)).tasks), JSON.stringify(q)).toEqual(idsOf(tasks))
      expect(await counts(user, { q })).toEqual(await counts(user))
    }
  })

  it('combines with every status, view, sort and order, page by page, as the model says', async () => {
    const failures: string[] = []
    let walks = 0
    for (const q of ['milk', 'buy', 'the', 're', 'cafe', 'b']) {
      for (const view of TASK_VIEWS) {
        for (const status of TASK_STATUSES) {
          const expectedSet = tasks.filter((task) => found(task, q) && inView(task, view) && inStatus(task, status))
          for (const sort of ['created_at', 'updated_at', 'title', 'due_on', 'priority', 'position'] as const) {
            for (const order of ['asc', 'desc'] as const) {
              const { tasks: listed } = await walk(user, { q, view, today: TODAY, status, sort, order }, 2)
              walks++
              const expected =
                sort === 'position'
                  ? (order === 'asc' ? ownOrder : [...ownOrder].reverse()).filter((id) => expectedSet.some((task) => task.id === id))
                  : idsOf(sorted(expectedSet, sort, order))
              if (idsOf(listed).join() !== expected.join()) failures.push(`q=${q} view=${view} status=${status} sort=${sort} order=${order}`)
            }
          }
        }
      }
    }
    process.stdout.write(`${JSON.stringify({ suite: 'task-search', tasks: tasks.length, walks })}\n`)
    expect(failures).toEqual([])
  })

  it.each([1, 2, 3, 5])('walks a search %i at a time with no task skipped or repeated, and counts what it lists', async (limit) => {
    for (const q of ['milk', 'the', 'b', 'rep']) {
      const { tasks: listed, pages } = await walk(user, { q, sort: 'title', order: 'asc' }, limit)
      const expected = sorted(tasks.filter((task) => found(task, q)), 'title', 'asc')
      expect(idsOf(listed), `q=${q}`).toEqual(idsOf(expected))
      expect(pages).toBe(Math.max(1, Math.ceil(expected.length / limit)))
      expect(await counts(user, { q })).toEqual({
        all: expected.length,
        pending: expected.filter((task) => !task.completed).length,
        completed: expected.filter((task) => task.completed).length,
      })
    }
  })

  it('binds a cursor to its search: another q, or none, is 422 naming the cursor; the same terms spaced otherwise are not', async () => {
    const page = await listPage(user, { q: 'buy', limit: 1 })
    const cursor = page.next_cursor ?? ''
    expect(cursor).not.toBe('')
    for (const q of [undefined, '', 'milk', 'buy milk', 'bu']) {
      const response = await as(user)('GET', `${base(user)}?${search({ q, limit: 1, cursor })}`)
      expect(response.status, String(q)).toBe(422)
      const body = (await response.json()) as { error_code: string; detail: { field: string }[] }
      expect(body.error_code).toBe('VALIDATION_FAILED')
      expect(body.detail.map((problem) => problem.field)).toEqual(['cursor'])
    }
    const respaced = await listPage(user, { q: '  buy ', limit: 1, cursor })
    expect(respaced.tasks).toHaveLength(1)
    expect(respaced.tasks[0]?.id).not.toBe(page.tasks[0]?.id)
    // And a cursor of no search is refused with a search.
    const plain = await listPage(user, { limit: 1 })
    expect((await as(user)('GET', `${base(user)}?${search({ q: 'buy', limit: 1, cursor: plain.next_cursor ?? '' })}`)).status).toBe(422)
  })

  it('refuses a q over 200 characters, or with NUL, with 422 naming q, in the list, the counts and "mark all"; 200 characters are fine', async () => {
    const before = await walk(user, {}, 100)
    const long = 'milk '.repeat(40) + 'x'
    for (const [method, path, body] of [
      ['GET', `${base(user)}?${search({ q: long })}`, undefined],
      ['GET', `${base(user)}/counts?${search({ q: long })}`, undefined],
      ['POST', `${base(user)}/complete-all`, { completed: true, q: long }],
      ['GET', `${base(user)}?q=a%00b`, undefined],
      ['POST', `${base(user)}/complete-all`, { completed: true, q: 'a\u0000b' }],
      ['POST', `${base(user)}/complete-all`, { completed: true, q: 'a\ud800b' }],
      ['POST', `${base(user)}/complete-all`, { completed: true, q: 42 }],
    ] as const) {
      const response = await as(user)(method, path, body)
      const answer = (await response.json()) as { error_code: string; detail: { field: string }[] }
      expect(response.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(422)
      expect(answer.detail.map((problem) => problem.field)).toEqual(['q'])
    }
    expect((await listPage(user, { q: 'milk '.repeat(40) })).tasks.length).toBeGreaterThan(0)
    expect((await walk(user, {}, 100)).tasks).toEqual(before.tasks)
  })

  it('finds a task by what it says now: an edit is searched at once', async () => {
    const [task] = await seed(user, [{ title: 'rename me', description: null }])
    if (task === undefined) throw new Error('no task')
    expect(await titles({ q: 'zebra' })).toEqual([])
    expect((await as(user)('PATCH', `${base(user)}/${task.id}`, { description: 'feed the zebra' })).status).toBe(200)
    expect(await titles({ q: 'zebr' })).toEqual(['rename me'])
    expect((await as(user)('DELETE', `${base(user)}/${task.id}`)).status).toBe(204)
  })

  it('answers any Unicode q with 200 or 422 naming q, never a 5xx (property, over HTTP)', async () => {
    const statuses: Record<number, number> = {}
    const text = fc.string({
      unit: fc.oneof(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        fc.constantFrom("'", '\\', '&', '|', '!', ':', '*', '(', ')', '<->', ' ', '\u0000', '\u00a0', '\u200b', '\ud800', '%', '"', '\uffff'),
      ),
      maxLength: 210,
    })
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 10, maxLength: 10 }), async (batch) => {
        const answers = await Promise.all(
          batch.flatMap((q) => [
            as(user)('GET', `${base(user)}?${new URLSearchParams({ q, sort: 'position', limit: '3' })}`),
            as(user)('GET', `${base(user)}/counts?${new URLSearchParams({ q })}`),
          ]),
        )
        for (const [index, response] of answers.entries()) {
          statuses[response.status] = (statuses[response.status] ?? 0) + 1
          const body = (await response.json()) as { detail?: { field: string }[] }
          const q = batch[Math.floor(index / 2)]
          if (response.status === 422) expect(body.detail?.map((problem) => problem.field), JSON.stringify(q)).toEqual(['q'])
          else expect(response.status, JSON.stringify(q)).toBe(200)
        }
      }),
      { numRuns: 25 },
    )
    process.stdout.write(`${JSON.stringify({ suite: 'task-search-fuzz', statuses })}\n`)
    expect(statuses[200]).toBeGreaterThan(100)
  })

  it('marks complete exactly what a search finds, with "mark all" and a q', async () => {
    const other = await signUp(stack.auth.url)
    await seed(other, LIBRARY)
    const start = (await walk(other, {}, 100)).tasks
    const milky = start.filter((task) => found(task, 'milk') && !task.completed)
    expect(milky.length).toBeGreaterThan(1)
    const answer = await as(other)('POST', `${base(other)}/complete-all`, { completed: true, q: 'milk' })
    expect(await answer.json()).toEqual({ updated: milky.length })
    for (const task of (await walk(other, {}, 100)).tasks) {
      const was = start.find((each) => each.id === task.id)
      if (milky.some((each) => each.id === task.id)) expect(task.completed, task.title).toBe(true)
      else expect(task, task.title).toEqual(was)
    }
    // With a view and a status as well; an empty q is no search.
    expect(await (await as(other)('POST', `${base(other)}/complete-all`, { completed: false, q: 'buy', view: 'today', today: TODAY, status: 'completed' })).json()).toEqual({ updated: 0 })
    expect(await (await as(other)('POST', `${base(other)}/complete-all`, { completed: false, q: 'buy', status: 'completed' })).json()).toEqual({ updated: 3 })
    const { pending } = await counts(other)
    expect(await (await as(other)('POST', `${base(other)}/complete-all`, { completed: true, q: ' ' })).json()).toEqual({ updated: pending })
  })
})

describe('the user’s own order', () => {
  /** A user with tasks t0…t{n-1}, created in that order: the own order starts as t{n-1}…t0. */
  async function userWith(count: number): Promise<{ user: TestUser; ids: string[] }> {
    const user = await signUp(stack.auth.url)
    const tasks = await seed(user, Array.from({ length: count }, (_, n) => ({ title: `t${n}` })))
    return { user, ids: idsOf(tasks) }
  }
  /** `list` with `id` taken out and put back at `index`. */
  const placed = (list: readonly string[], id: string, index: number) => {
    const rest = list.filter((each) => each !== id)
    return [...rest.slice(0, index), id, ...rest.slice(index)]
  }

  it('starts newest first, the default listing’s order, and puts a new task on top', async () => {
    const { user, ids } = await userWith(5)
    expect(await order(user)).toEqual([...ids].reverse())
    expect(await order(user)).toEqual(idsOf((await walk(user, {}, 100)).tasks))
    // Descending is bottom first.
    expect(idsOf((await walk(user, { sort: 'position', order: 'desc' }, 2)).tasks)).toEqual(ids)
    const [added] = await seed(user, [{ title: 'newest' }])
    expect((await order(user))[0]).toBe(added?.id)
  })

  it('moves a task to the top, to the bottom and between two, answering where it landed', async () => {
    const { user, ids } = await userWith(6)
    let expected = [...ids].reverse()
    const at = (index: number) => expected[index] ?? null

    const third = at(2) as string
    let answer = await moved(user, third, null, at(0))
    expected = placed(expected, third, 0)
    expect(await order(user)).toEqual(expected)
    expect(answer).toMatchObject({ task: { id: third, title: 't3' }, before_id: null, after_id: at(1) })

    const first = at(0) as string
    answer = await moved(user, first, at(5), null)
    expected = placed(expected, first, 5)
    expect(await order(user)).toEqual(expected)
    expect(answer).toMatchObject({ before_id: at(4), after_id: null })

    const last = at(5) as string
    answer = await moved(user, last, at(1), at(2))
    expected = placed(expected, last, 2)
    expect(await order(user)).toEqual(expected)
    expect(answer).toMatchObject({ before_id: at(1), after_id: at(3) })

    // The answer is the task as it is, untouched but for its place: updated_at too.
    const fetched = (await (await as(user)('GET', `${base(user)}/${last}`)).json()) as Task
    expect(answer.task).toEqual(fetched)
    expect(fetched.updated_at).toBe(fetched.created_at)
  })

  it('writes nothing for a move to where the task already is, and says where that is', async () => {
    const { user } = await userWith(4)
    const current = await order(user)
    const [a, b, c] = current as [string, string, string]
    // Off the midpoints a move would choose, so a move that wrote anyway would show.
    await database.query('update tasks set position = position - 0.75 where id = any($1::uuid[])', [[a, b]])
    const positions = await storedPositions(user.userId)
    expect(await moved(user, b, a, c)).toMatchObject({ before_id: a, after_id: c })
    expect(await moved(user, a, null, b)).toMatchObject({ before_id: null, after_id: b })
    expect(await order(user)).toEqual(current)
    expect(await storedPositions(user.userId)).toEqual(positions)
  })

  it('lands a move made from an outdated list next to the neighbour named first', async () => {
    const { user, ids } = await userWith(5)
    const seen = [...ids].reverse()
    const [a, b, c, d, e] = seen as [string, string, string, string, string]
    // Another tab puts e between a and b: a e b c d.
    await moved(user, e, a, b)
    // This tab still sees a b c d e and drops d between a and b: below a, whatever is there now.
    expect(await moved(user, d, a, b)).toMatchObject({ before_id: a, after_id: e })
    expect(await order(user)).toEqual([a, d, e, b, c])
    // Only an after_id: directly above it. (c between a and b, as this tab saw them, with no before_id.)
    expect(await moved(user, c, null, b)).toMatchObject({ before_id: e, after_id: b })
    expect(await order(user)).toEqual([a, d, e, c, b])
    // Neither: the top.
    expect(await moved(user, b, null, null)).toMatchObject({ before_id: null, after_id: a })
    expect(await order(user)).toEqual([b, a, d, e, c])
  })

  it('keeps the order right through many moves into the same gap, renumbering the user’s tasks when it runs out of room', async () => {
    const { user, ids } = await userWith(6)
    const other = await userWith(3)
    const otherPositions = await storedPositions(other.user.userId)
    let expected = [...ids].reverse()
    const [top, bystander, first, second] = expected as [string, string, string, string]
    // Two tasks take turns just below the top one, halving the gap above the other each time.
    let renumberedAt: number | undefined
    for (let n = 0; n < 80 && renumberedAt === undefined; n++) {
      const mover = n % 2 === 0 ? first : second
      const before = await storedPositions(user.userId)
      await moved(user, mover, top, expected[1] === mover ? (expected[2] ?? null) : (expected[1] ?? null))
      expected = placed(expected, mover, 1)
      expect(await order(user), `after move ${n + 1}`).toEqual(expected)
      const after = await storedPositions(user.userId)
      // A task no move named moves only in a renumbering.
      if (after.get(bystander) !== before.get(bystander)) renumberedAt = n + 1
    }
    expect(renumberedAt, 'no renumbering in 80 moves').toBeDefined()
    process.stdout.write(`${JSON.stringify({ suite: 'task-order-renumbering', moves_until_renumbered: renumberedAt })}\n`)
    expect(renumberedAt).toBeGreaterThan(30)
    // Renumbered whole steps apart from the first task's own position, in the same order (but for the task the move then
    // put halfway between two); nobody else's rows touched.
    const positions = [...(await storedPositions(user.userId)).entries()].sort(([, a], [, b]) => a - b)
    expect(positions.map(([id]) => id)).toEqual(expected)
    const firstPosition = positions[0]?.[1] ?? Number.NaN
    expect(positions.filter((_, index) => index !== 1).map(([, position]) => Number.isInteger(position - firstPosition))).toEqual(positions.slice(1).map(() => true))
    expect(await storedPositions(other.user.userId)).toEqual(otherPositions)
    // And moves go on as before.
    await moved(user, top, expected.at(-1) ?? null, null)
    expect(await order(user)).toEqual(placed(expected, top, expected.length - 1))
  })

  it('walks the own order page by page with no task skipped or repeated, on equal positions too', async () => {
    const { user } = await userWith(9)
    // Three tasks on one position, as concurrent creates can leave them: the id decides between them.
    const current = await order(user)
    await database.query('update tasks set position = 1000 where user_id = $1 and id = any($2::uuid[])', [user.userId, current.slice(2, 5)])
    const expected = (await database.query<{ id: string }>('select id from tasks where user_id = $1 order by position, id', [user.userId])).rows.map((row) => row.id)
    for (const limit of [1, 2, 4]) {
      expect(idsOf((await walk(user, { sort: 'position' }, limit)).tasks)).toEqual(expected)
      expect(idsOf((await walk(user, { sort: 'position', order: 'desc' }, limit)).tasks)).toEqual([...expected].reverse())
    }
    // A move between two tasks on the same position renumbers, and lands.
    const [a, b] = expected.slice(-3) as [string, string]
    const mover = expected[0] as string
    await moved(user, mover, a, b)
    expect(await order(user)).toEqual(placed(expected, mover, expected.filter((id) => id !== mover).indexOf(a) + 1))
  })

  it('converges when two tabs send many moves at once: every move answered, both read one order', async () => {
    const { user, ids } = await userWith(12)
    const secondTab = sessionCookie(await signIn(stack.auth.url, user))
    const tabs = [user.cookie, secondTab]
    const start = await order(user)
    // Each tab moves tasks in its own copy of the list, as a client's optimistic state does, and sends every move at once.
    const random = fc.sample(fc.array(fc.tuple(fc.nat(11), fc.nat(11)), { minLength: 20, maxLength: 20 }), { numRuns: 2, seed: 4242 })
    const requests = tabs.flatMap((cookie, tab) => {
      let local = [...start]
      return (random[tab] ?? []).map(([from, to]) => {
        const id = local[from] as string
        local = placed(local, id, to)
        const index = local.indexOf(id)
        return { cookie, id, before: local[index - 1] ?? null, after: local[index + 1] ?? null }
      })
    })
    const answers = await Promise.all(requests.map(({ cookie, id, before, after }) => move(user, id, before, after, cookie)))
    expect(answers.map((answer) => answer.status)).toEqual(requests.map(() => 200))
    const [first, second] = await Promise.all(tabs.map((cookie) => walk(user, { sort: 'position' }, 5, cookie)))
    expect(idsOf(first?.tasks ?? [])).toEqual(idsOf(second?.tasks ?? []))
    expect([...idsOf(first?.tasks ?? [])].sort()).toEqual([...ids].sort())
    // What they read is the stored order, and no two tasks share a position: every move found room, or made it.
    const stored = await database.query<{ id: string; position: number }>('select id, position from tasks where user_id = $1 order by position, id', [user.userId])
    expect(stored.rows.map((row) => row.id)).toEqual(idsOf(first?.tasks ?? []))
    expect(new Set(stored.rows.map((row) => row.position)).size).toBe(ids.length)
  })

  it('answers 404 for a neighbour, or a task, of another user or of nobody, and changes nothing of either user', async () => {
    const { user, ids } = await userWith(3)
    const other = await userWith(2)
    const mine = await storedPositions(user.userId)
    const theirs = await storedPositions(other.user.userId)
    const [a, b] = ids as [string, string]
    const [x] = other.ids as [string]
    const missing = '00000000-0000-4000-8000-000000000000'
    for (const [task, before, after] of [
      [a, x, null],
      [a, null, x],
      [a, b, x],
      [a, x, b],
      [x, null, b],
      [a, missing, null],
      [missing, null, a],
    ] as const) {
      const response = await move(user, task, before, after)
      expect(response.status, `${task} ${before} ${after}`).toBe(404)
      const body = (await response.json()) as { error_code: string; detail: unknown }
      expect(body).toMatchObject({ error_code: 'TASK_NOT_FOUND', detail: null })
    }
    expect(await storedPositions(user.userId)).toEqual(mine)
    expect(await storedPositions(other.user.userId)).toEqual(theirs)
  })

  it('refuses with 422 a task as its own neighbour, one task on both sides, a missing side or an id that is not a UUID', async () => {
    const { user, ids } = await userWith(3)
    const positions = await storedPositions(user.userId)
    const [a, b] = ids as [string, string]
    for (const [body, field] of [
      [{ before_id: a, after_id: null }, 'before_id'],
      [{ before_id: null, after_id: a }, 'after_id'],
      [{ before_id: b, after_id: b }, 'after_id'],
      [{ before_id: b }, 'after_id'],
      [{ before_id: 'top', after_id: null }, 'before_id'],
      [{ before_id: null, after_id: null, position: 0 }, 'position'],
    ] as const) {
      const response = await as(user)('POST', `${base(user)}/${a}/move`, body)
      expect(response.status, JSON.stringify(body)).toBe(422)
      expect(((await response.json()) as { detail: { field: string }[] }).detail.map((problem) => problem.field)).toEqual([field])
    }
    expect(await storedPositions(user.userId)).toEqual(positions)
  })
})

describe('migration 0004 on a database with tasks', () => {
  it('gives each user’s existing tasks positions newest first, and makes them searchable', async () => {
    const database = await createMigratedDatabase(inject('databaseUrl'), 'task_position_migration')
    // The migrations up to 0003 in a folder of their own, to apply before the rows exist.
    const scratch = mkdtempSync(path.join(tmpdir(), 'tasklane-migrations-'))
    const pool = new pg.Pool({ connectionString: database.url, max: 1 })
    try {
      cpSync(migrationsFolder, scratch, { recursive: true })
      const journalPath = path.join(scratch, 'meta', '_journal.json')
      const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] }
      const upTo3 = journal.entries.findIndex((entry) => entry.tag.startsWith('0004'))
      writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo3) }))
      await pool.query('drop schema public cascade; create schema public; drop schema drizzle cascade')
      await migrate(drizzle({ client: pool }), { migrationsFolder: scratch })
      await pool.query(`insert into "user" (id, name, email) values ('a', 'A', 'a@example.com'), ('b', 'B', 'b@example.com')`)
      await pool.query(
        `insert into tasks (id, user_id, title, description, created_at) values
         ('00000000-0000-4000-8000-000000000001', 'a', 'oldest', 'Crème brûlée', '2026-01-01T00:00:00Z'),
         ('00000000-0000-4000-8000-000000000002', 'a', 'newest', null, '2026-01-03T00:00:00Z'),
         ('00000000-0000-4000-8000-000000000003', 'a', 'same time, lower id', null, '2026-01-02T00:00:00Z'),
         ('00000000-0000-4000-8000-000000000004', 'a', 'same time, higher id', null, '2026-01-02T00:00:00Z'),
         ('00000000-0000-4000-8000-000000000005', 'b', 'only one', null, '2026-01-01T00:00:00Z')`,
      )
      await migrate(drizzle({ client: pool }), { migrationsFolder })
      const rows = await pool.query<{ user_id: string; title: string; position: number }>('select user_id, title, position from tasks order by user_id, position')
      expect(rows.rows).toEqual([
        { user_id: 'a', title: 'newest', position: 1 },
        { user_id: 'a', title: 'same time, higher id', position: 2 },
        { user_id: 'a', title: 'same time, lower id', position: 3 },
        { user_id: 'a', title: 'oldest', position: 4 },
        { user_id: 'b', title: 'only one', position: 1 },
      ])
      // The repository on the migrated rows: the own order is the old default order, and the old text is searchable.
      const repository = createTaskRepository(drizzle({ client: pool }))
      const listed = await repository.list({ ownerId: 'a', status: 'all', view: 'all', sort: 'position', order: 'asc', limit: 10, after: undefined })
      const byDefault = await repository.list({ ownerId: 'a', status: 'all', view: 'all', sort: 'created_at', order: 'desc', limit: 10, after: undefined })
      expect(listed.map((row) => row.title)).toEqual(byDefault.map((row) => row.title))
      expect((await repository.list({ ownerId: 'a', status: 'all', view: 'all', q: 'creme BRULE', sort: 'position', order: 'asc', limit: 10, after: undefined })).map((row) => row.title)).toEqual(['oldest'])
      const made = await repository.create({ ownerId: 'a', title: 'after the migration', description: null })
      expect(made.position).toBe(0)
    } finally {
      await pool.end()
      rmSync(scratch, { recursive: true, force: true })
      await database.drop()
    }
  })
})

describe('query plans: the own order and search read their indexes', () => {
  interface PlanNode {
    'Node Type': string
    'Index Name'?: string
    Plans?: PlanNode[]
  }
  const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)]

  it('reads tasks_user_position_idx in order for sort=position, and never the whole table for a search', async () => {
    const database = await createMigratedDatabase(inject('databaseUrl'), 'task_order_plans')
    const pool = new pg.Pool({ connectionString: database.url, max: 2 })
    try {
      // 12,000 tasks of 4 users, words from a vocabulary of 400 so the column's statistics are those of real text.
      for (const n of [1, 2, 3, 4]) await pool.query(`insert into "user" (id, name, email) values ('u${n}', 'U', 'u${n}@example.com')`)
      await pool.query(
        `insert into tasks (user_id, title, description, position, created_at)
         select 'u' || (1 + g % 4), 'task w' || (g * 7919 % 400) || ' w' || (g * 104729 % 397) || case when g = 4242 then ' quokka' else '' end,
                'about w' || (g * 31 % 389), g / 4, now() - g * interval '1 minute'
         from generate_series(1, 12000) g`,
      )
      await pool.query('analyze tasks')
      const captured: { query: string; params: unknown[] }[] = []
      const repository = createTaskRepository(drizzle({ client: pool, logger: { logQuery: (query, params) => captured.push({ query, params }) } }))
      const plan = async (run: () => Promise<unknown>) => {
        captured.length = 0
        await run()
        const [statement] = captured
        if (statement === undefined) throw new Error('no statement')
        const explained = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`explain (format json) ${statement.query}`, statement.params)
        return nodes(explained.rows[0]?.['QUERY PLAN'][0].Plan as PlanNode).map((node) => `${node['Node Type']}${node['Index Name'] ? ` ${node['Index Name']}` : ''}`)
      }
      for (const order of ['asc', 'desc'] as const) {
        for (const after of [undefined, { value: '1500', id: '80000000-0000-4000-8000-000000000000' }]) {
          const steps = await plan(() => repository.list({ ownerId: 'u2', status: 'all', view: 'all', sort: 'position', order, limit: 51, after }))
          expect(steps, `${order} ${after ? 'after a cursor' : 'page 1'}`).toEqual(['Limit', 'Index Scan tasks_user_position_idx'])
        }
      }
      // A search is an index scan too, by the user or by its words (which one is the planner's call at this size; the bench
      // prints it for 100,000 tasks), never a read of the whole table.
      for (const q of ['quokka', 'w1', 'task'])
        for (const sort of ['position', 'created_at'] as const) {
          const steps = await plan(() => repository.list({ ownerId: 'u2', status: 'all', view: 'all', q, sort, order: 'asc', limit: 51, after: undefined }))
          expect(steps.join(' > '), `q=${q} sort=${sort}`).toMatch(/Index Scan tasks_(user_\w+|search)_idx/)
          expect(steps.join(' > ')).not.toMatch(/Seq Scan/)
        }
    } finally {
      await pool.end()
      await database.drop()
    }
  })
})
