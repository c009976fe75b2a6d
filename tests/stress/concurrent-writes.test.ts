import pg from 'pg'
import { Agent, getGlobalDispatcher, setGlobalDispatcher } from 'undici'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type RunningService, type TestUser, apiCall, signUp, startApi, startAuth } from '../support/test-stack.ts'

const USERS = Number(process.env.STRESS_USERS ?? 50)
const OPERATIONS = Number(process.env.STRESS_OPERATIONS ?? 100)

interface Task {
  id: string
  user_id: string
  title: string
  completed: boolean
}

describe(`${USERS} users × ${OPERATIONS} concurrent creates, updates and toggles`, () => {
  let auth: RunningService
  let api: RunningService
  let users: TestUser[]
  // Browsers open at most six connections to one origin. Unbounded, the 1,700 creates sent at once would open 1,700
  // sockets in one go, overflowing the api's accept queue (Node's listen backlog, 511) on a loaded machine: resets that
  // say nothing about the service (seen as ECONNRESET, with TcpExtListenOverflows rising).
  const previousDispatcher = getGlobalDispatcher()
  const browsers = new Agent({ connections: USERS * 6 })
  beforeAll(async () => {
    setGlobalDispatcher(browsers)
    auth = await startAuth()
    api = await startApi(auth.url, { DATABASE_POOL_MAX: '20' })
    users = []
    for (let index = 0; index < USERS; index += 10) {
      users.push(...(await Promise.all(Array.from({ length: Math.min(10, USERS - index) }, () => signUp(auth.url)))))
    }
  })
  afterAll(async () => {
    await api?.close()
    await auth?.close()
    setGlobalDispatcher(previousDispatcher)
    await browsers.close()
  })

  it('stores every acknowledged write exactly once, ends in the state the clients saw, keeps users apart, and never answers 5xx', async () => {
    const statuses = new Map<number, number>()
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1)
    const started = performance.now()

    // Per user, OPERATIONS requests at once: a third creates, then updates and toggles (set, so the final state is known).
    const expected = await Promise.all(
      users.map(async (user) => {
        const call = apiCall(api.url, user.cookie)
        const creates = Math.ceil(OPERATIONS / 3)
        const created = await Promise.all(
          Array.from({ length: creates }, async (_, index) => {
            const response = await call('POST', `/api/${user.userId}/tasks`, { title: `${user.userId}-task-${index}` })
            count(response.status)
            return response.status === 201 ? ((await response.json()) as Task) : undefined
          }),
        )
        const tasks = created.filter((task): task is Task => task !== undefined)
        const final = new Map(tasks.map((task) => [task.id, { title: task.title, completed: false }]))
        const changes = Array.from({ length: OPERATIONS - creates }, (_, index) => {
          const task = tasks[index % tasks.length] as Task
          return index % 2 === 0
            ? { task, kind: 'update' as const, title: `${task.title}-renamed` }
            : { task, kind: 'toggle' as const, completed: true }
        })
        // Each task gets at most one update and one toggle, so concurrent requests never race on one field.
        await Promise.all(
          changes.map(async (change) => {
            const response =
              change.kind === 'update'
                ? await call('PUT', `/api/${user.userId}/tasks/${change.task.id}`, { title: change.title })
                : await call('PATCH', `/api/${user.userId}/tasks/${change.task.id}/complete`, { completed: true })
            count(response.status)
            const state = final.get(change.task.id)
            if (response.status === 200 && state) {
              if (change.kind === 'update') state.title = change.title
              else state.completed = true
            }
          }),
        )
        return { user, final }
      }),
    )
    const seconds = (performance.now() - started) / 1000
    const requests = [...statuses.values()].reduce((sum, value) => sum + value, 0)
    process.stdout.write(
      `${JSON.stringify({ test: 'concurrent-writes', database: inject('databaseKind'), users: USERS, requests, seconds: Number(seconds.toFixed(1)), requests_per_sec: Math.round(requests / seconds), statuses: Object.fromEntries(statuses) })}\n`,
    )
    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([])
    // Nothing is refused either: a run in which every write got a 4xx would otherwise check nothing below.
    const creates = Math.ceil(OPERATIONS / 3)
    expect(Object.fromEntries(statuses)).toEqual({ 201: USERS * creates, 200: USERS * (OPERATIONS - creates) })

    // Read back straight from the database: exactly the rows the clients were told about, in the state they saw.
    const client = new pg.Client({ connectionString: inject('databaseUrl') })
    await client.connect()
    try {
      for (const { user, final } of expected) {
        const { rows } = await client.query<{ id: string; user_id: string; title: string; completed: boolean }>(
          'select id, user_id, title, completed from tasks where user_id = $1',
          [user.userId],
        )
        expect(rows.length).toBe(final.size)
        for (const row of rows) {
          expect(row.title.startsWith(user.userId)).toBe(true)
          expect({ title: row.title, completed: row.completed }).toEqual(final.get(row.id))
        }
      }
      const { rows: strays } = await client.query<{ count: number }>(
        "select count(*)::int as count from tasks t join \"user\" u on u.id = t.user_id where t.title not like u.id || '-%' and t.title like '%-task-%'",
      )
      expect(strays[0]?.count).toBe(0)
    } finally {
      await client.end()
    }
  })
})
