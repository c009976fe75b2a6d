import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type PrivateDatabase, startPrivateEmbedded, startPrivatePostgres } from '../support/private-database.ts'
import { type RunningService, type TestUser, apiCall, signUp, startApi, startAuth } from '../support/test-stack.ts'

interface Outcome {
  title: string
  status: number
  body: string
}

// Each project stops its own kind of database: a private cluster (or embedded process), never the shared one.
describe('the database stops during a stream of writes', () => {
  let database: PrivateDatabase
  let auth: RunningService
  let api: RunningService
  let user: TestUser

  beforeAll(async () => {
    database = inject('databaseKind') === 'postgres' ? await startPrivatePostgres() : await startPrivateEmbedded()
    auth = await startAuth({ DATABASE_URL: database.url })
    api = await startApi(auth.url, { DATABASE_URL: database.url, AUTH_TIMEOUT_MS: '1500' })
    user = await signUp(auth.url)
  })
  afterAll(async () => {
    await api?.close()
    await auth?.close()
    await database?.destroy()
  })

  it('answers 503 (never 500), keeps every acknowledged write and none of the refused, and recovers by itself', async () => {
    const call = apiCall(api.url, user.cookie)
    const outcomes: Outcome[] = []
    let writing = true
    const writer = async () => {
      while (writing) {
        const title = `write-${randomUUID()}`
        try {
          const response = await call('POST', `/api/${user.userId}/tasks`, { title })
          outcomes.push({ title, status: response.status, body: await response.text() })
        } catch (error) {
          outcomes.push({ title, status: 0, body: String(error) })
        }
      }
    }
    const writers = Array.from({ length: 4 }, writer)
    await sleep(500)
    await database.stop()
    await sleep(2_000)
    await database.start()
    // Recovery without restarting anything: writes succeed again within a few seconds.
    const recoveredBy = Date.now() + 20_000
    while (Date.now() < recoveredBy && outcomes.at(-1)?.status !== 201) await sleep(200)
    await sleep(500)
    writing = false
    await Promise.all(writers)

    const statuses = new Map<number, number>()
    for (const outcome of outcomes) statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1)
    process.stdout.write(`${JSON.stringify({ test: 'database-outage', database: database.kind, statuses: Object.fromEntries(statuses) })}\n`)
    expect([...statuses.keys()].sort()).toEqual([201, 503])
    for (const outcome of outcomes.filter((o) => o.status === 503)) {
      expect(Object.keys(JSON.parse(outcome.body)).sort()).toEqual(['detail', 'error_code', 'message', 'request_id'])
      expect(outcome.body).not.toMatch(/ECONN|insert|select|postgres|at \//i)
    }
    expect(outcomes.at(-1)?.status).toBe(201)

    const stored = new Set<string>()
    let cursor: string | null = null
    do {
      const page = (await (await call('GET', `/api/${user.userId}/tasks?limit=100${cursor ? `&cursor=${cursor}` : ''}`)).json()) as {
        tasks: Array<{ title: string }>
        next_cursor: string | null
      }
      for (const task of page.tasks) stored.add(task.title)
      cursor = page.next_cursor
    } while (cursor)
    const acknowledged = outcomes.filter((o) => o.status === 201).map((o) => o.title)
    const refused = outcomes.filter((o) => o.status !== 201).map((o) => o.title)
    expect(acknowledged.every((title) => stored.has(title))).toBe(true)
    expect(refused.filter((title) => stored.has(title))).toEqual([])
    expect(stored.size).toBe(acknowledged.length)
  })
})
