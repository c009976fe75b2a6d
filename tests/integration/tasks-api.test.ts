import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type RunningService, type TestUser, TRUSTED_ORIGIN, apiCall, signUp, startApi, startAuth } from '../support/test-stack.ts'
import type { Task } from '@tasklane/api/contract'

interface Page {
  tasks: Task[]
  next_cursor: string | null
}

let auth: RunningService
let api: RunningService
let user: TestUser
let call: ReturnType<typeof apiCall>
let base: string

beforeAll(async () => {
  auth = await startAuth()
  api = await startApi(auth.url)
  user = await signUp(auth.url)
  call = apiCall(api.url, user.cookie)
  base = `/api/${user.userId}/tasks`
})
afterAll(async () => {
  await api?.close()
  await auth?.close()
})

async function create(title: string, description?: string): Promise<Task> {
  const response = await call('POST', base, description === undefined ? { title } : { title, description })
  expect(response.status).toBe(201)
  return (await response.json()) as Task
}

async function count(): Promise<number> {
  let total = 0
  let cursor: string | null = null
  do {
    const response = await call('GET', `${base}?limit=100${cursor ? `&cursor=${cursor}` : ''}`)
    const page = (await response.json()) as Page
    total += page.tasks.length
    cursor = page.next_cursor
  } while (cursor)
  return total
}

describe('tasks API: happy paths', () => {
  it('creates a task: 201, Location, trimmed title, snake_case, UTC ISO times', async () => {
    const response = await call('POST', base, { title: '  Buy milk  ', description: 'two litres' })
    expect(response.status).toBe(201)
    const task = (await response.json()) as Task
    expect(response.headers.get('location')).toBe(`${base}/${task.id}`)
    expect(task).toMatchObject({ user_id: user.userId, title: 'Buy milk', description: 'two litres', completed: false })
    expect(task.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(task.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(task.updated_at).toBe(task.created_at)
    const fetched = await call('GET', `${base}/${task.id}`)
    expect(fetched.status).toBe(200)
    expect(await fetched.json()).toEqual(task)
  })

  it('replaces a task with PUT and keeps completed unless sent', async () => {
    const task = await create('Draft', 'old')
    const response = await call('PUT', `${base}/${task.id}`, { title: 'Final' })
    expect(response.status).toBe(200)
    const updated = (await response.json()) as Task
    expect(updated).toMatchObject({ id: task.id, title: 'Final', description: null, completed: false })
    expect(Date.parse(updated.updated_at)).toBeGreaterThanOrEqual(Date.parse(task.updated_at))
    const completed = (await (await call('PUT', `${base}/${task.id}`, { title: 'Final', completed: true })).json()) as Task
    expect(completed.completed).toBe(true)
  })

  it('toggles with an empty PATCH and sets with {"completed"} (safe to retry)', async () => {
    const task = await create('Toggle me')
    const toggled = (await (await call('PATCH', `${base}/${task.id}/complete`)).json()) as Task
    expect(toggled.completed).toBe(true)
    const back = (await (await call('PATCH', `${base}/${task.id}/complete`)).json()) as Task
    expect(back.completed).toBe(false)
    for (let retry = 0; retry < 2; retry++) {
      const set = await call('PATCH', `${base}/${task.id}/complete`, { completed: true })
      expect(set.status).toBe(200)
      expect(((await set.json()) as Task).completed).toBe(true)
    }
  })

  it('deletes with 204, then the task is 404', async () => {
    const task = await create('Delete me')
    const response = await call('DELETE', `${base}/${task.id}`)
    expect(response.status).toBe(204)
    expect(await response.text()).toBe('')
    expect((await call('GET', `${base}/${task.id}`)).status).toBe(404)
    expect((await call('DELETE', `${base}/${task.id}`)).status).toBe(404)
  })
})

describe('tasks API: listing', () => {
  let lister: TestUser
  let list: ReturnType<typeof apiCall>
  let listBase: string
  beforeAll(async () => {
    lister = await signUp(auth.url)
    list = apiCall(api.url, lister.cookie)
    listBase = `/api/${lister.userId}/tasks`
    for (const title of ['delta', 'alpha', 'charlie', 'bravo', 'echo']) {
      expect((await list('POST', listBase, { title })).status).toBe(201)
    }
    const all = (await (await list('GET', listBase)).json()) as Page
    const charlie = all.tasks.find((task) => task.title === 'charlie')
    await list('PATCH', `${listBase}/${charlie?.id}/complete`, { completed: true })
  })

  it('lists newest first by default, with next_cursor null on the last page', async () => {
    const page = (await (await list('GET', listBase)).json()) as Page
    expect(page.tasks.map((task) => task.title)).toEqual(['echo', 'bravo', 'charlie', 'alpha', 'delta'])
    expect(page.next_cursor).toBeNull()
  })

  it('counts all, pending and completed tasks', async () => {
    const response = await list('GET', `${listBase}/counts`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ all: 5, pending: 4, completed: 1 })
  })

  it('filters by status and sorts by title either way', async () => {
    const completed = (await (await list('GET', `${listBase}?status=completed`)).json()) as Page
    expect(completed.tasks.map((task) => task.title)).toEqual(['charlie'])
    const pending = (await (await list('GET', `${listBase}?status=pending&sort=title&order=asc`)).json()) as Page
    expect(pending.tasks.map((task) => task.title)).toEqual(['alpha', 'bravo', 'delta', 'echo'])
    const desc = (await (await list('GET', `${listBase}?sort=title&order=desc`)).json()) as Page
    expect(desc.tasks.map((task) => task.title)).toEqual(['echo', 'delta', 'charlie', 'bravo', 'alpha'])
  })

  it('pages with an opaque cursor: no duplicates, no gaps, stable under inserts', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const response = await list('GET', `${listBase}?sort=title&order=asc&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(response.status).toBe(200)
      const page = (await response.json()) as Page
      seen.push(...page.tasks.map((task) => task.title))
      cursor = page.next_cursor
      // An insert between pages that sorts before the cursor must not shift later pages.
      if (pages++ === 0) expect((await list('POST', listBase, { title: 'aaa-inserted' })).status).toBe(201)
    } while (cursor)
    expect(seen).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo'])

    const byTime: string[] = []
    cursor = null
    do {
      const page = (await (await list('GET', `${listBase}?sort=created_at&order=asc&limit=4${cursor ? `&cursor=${cursor}` : ''}`)).json()) as Page
      byTime.push(...page.tasks.map((task) => task.id))
      cursor = page.next_cursor
    } while (cursor)
    expect(new Set(byTime).size).toBe(byTime.length)
    expect(byTime.length).toBe(6)
  })

  it('refuses a cursor from another listing or a forged one with 422', async () => {
    const first = (await (await list('GET', `${listBase}?limit=1`)).json()) as Page
    expect(first.next_cursor).not.toBeNull()
    const other = await list('GET', `${listBase}?limit=1&sort=title&cursor=${first.next_cursor}`)
    expect(other.status).toBe(422)
    expect(await other.json()).toMatchObject({ error_code: 'VALIDATION_FAILED', detail: [{ field: 'cursor' }] })
    expect((await list('GET', `${listBase}?cursor=not-a-cursor`)).status).toBe(422)
  })

  it('validates the query: limit 1–100, known values only', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'status=done', 'sort=id', 'order=up', 'color=red']) {
      const response = await list('GET', `${listBase}?${query}`)
      expect(response.status, query).toBe(422)
      expect(await response.json()).toMatchObject({ error_code: 'VALIDATION_FAILED' })
    }
  })
})

describe('tasks API: bad input changes nothing', () => {
  const cases: Array<[string, string, Record<string, string>, number, string]> = [
    ['malformed JSON', '{"title": ', { 'content-type': 'application/json' }, 400, 'MALFORMED_JSON'],
    ['a form body', 'title=hi', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['no content type', '{"title":"hi"}', { 'content-type': '' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an empty title', '{"title":"   "}', { 'content-type': 'application/json' }, 422, 'VALIDATION_FAILED'],
    ['a long title', JSON.stringify({ title: 'x'.repeat(201) }), { 'content-type': 'application/json' }, 422, 'VALIDATION_FAILED'],
    ['a long description', JSON.stringify({ title: 'ok', description: 'x'.repeat(1001) }), { 'content-type': 'application/json' }, 422, 'VALIDATION_FAILED'],
    ['an unknown field', '{"title":"ok","user_id":"someone-else"}', { 'content-type': 'application/json' }, 422, 'VALIDATION_FAILED'],
    ['a wrong type', '{"title":42}', { 'content-type': 'application/json' }, 422, 'VALIDATION_FAILED'],
    ['an array body', '[]', { 'content-type': 'application/json' }, 422, 'VALIDATION_FAILED'],
    ['a body over 16 KiB', JSON.stringify({ title: 'ok', description: 'x'.repeat(17_000) }), { 'content-type': 'application/json' }, 413, 'PAYLOAD_TOO_LARGE'],
  ]

  it.each(cases)('POST with %s → %i', async (_name, body, headers, status, code) => {
    const before = await count()
    const response = await fetch(`${api.url}${base}`, { method: 'POST', headers: { cookie: user.cookie, origin: TRUSTED_ORIGIN, ...headers }, body })
    expect(response.status).toBe(status)
    const error = (await response.json()) as Record<string, unknown>
    expect(Object.keys(error).sort()).toEqual(['detail', 'error_code', 'message', 'request_id'])
    expect(error.error_code).toBe(code)
    expect(error.request_id).toBe(response.headers.get('x-request-id'))
    expect(await count()).toBe(before)
  })

  it('names the field and the reason in a 422', async () => {
    const response = await call('POST', base, { title: '', extra: true })
    expect(await response.json()).toEqual({
      error_code: 'VALIDATION_FAILED',
      message: expect.any(String),
      detail: expect.arrayContaining([
        { field: 'title', message: 'must not be empty' },
        { field: 'extra', message: 'is not a known field' },
      ]),
      request_id: response.headers.get('x-request-id'),
    })
  })

  it('leaves a task untouched when an update is refused', async () => {
    const task = await create('Keep me', 'as is')
    expect((await call('PUT', `${base}/${task.id}`, { title: '' })).status).toBe(422)
    expect((await call('PUT', `${base}/${task.id}`, '{bad', { 'content-type': 'application/json' })).status).toBe(400)
    expect((await call('PATCH', `${base}/${task.id}/complete`, { completed: 'yes' })).status).toBe(422)
    expect(await (await call('GET', `${base}/${task.id}`)).json()).toEqual(task)
  })

  it('answers 404 for a missing or malformed task id and an unknown route', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', "1' or '1'='1"]) {
      const response = await call('GET', `${base}/${encodeURIComponent(id)}`)
      expect(response.status).toBe(404)
      expect(await response.json()).toMatchObject({ error_code: 'TASK_NOT_FOUND' })
    }
    const unknown = await call('GET', '/api/nothing/here')
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ error_code: 'NOT_FOUND' })
  })

  it('refuses writes from a foreign Origin or a cross-site request with 403, writing nothing', async () => {
    const before = await count()
    const foreign = await call('POST', base, { title: 'csrf' }, { origin: 'https://evil.example' })
    expect(foreign.status).toBe(403)
    expect(await foreign.json()).toMatchObject({ error_code: 'CSRF_REJECTED' })
    const crossSite = await fetch(`${api.url}${base}`, {
      method: 'POST',
      headers: { cookie: user.cookie, 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      body: '{"title":"csrf"}',
    })
    expect(crossSite.status).toBe(403)
    expect(await count()).toBe(before)
  })

  it('allows CORS from the trusted origin with credentials only', async () => {
    const preflight = (origin: string) =>
      fetch(`${api.url}${base}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT' } })
    const trusted = await preflight(TRUSTED_ORIGIN)
    expect(trusted.headers.get('access-control-allow-origin')).toBe(TRUSTED_ORIGIN)
    expect(trusted.headers.get('access-control-allow-credentials')).toBe('true')
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('tasks API: the authenticated list, timed', () => {
  it('answers 200 sequential list requests (timings printed, not asserted: speed is measured in bench/)', async () => {
    const durations: number[] = []
    for (let request = 0; request < 200; request++) {
      const started = performance.now()
      const response = await call('GET', base)
      await response.arrayBuffer()
      durations.push(performance.now() - started)
      expect(response.status).toBe(200)
    }
    durations.sort((a, b) => a - b)
    const at = (fraction: number) => Number((durations[Math.min(durations.length - 1, Math.floor(durations.length * fraction))] ?? 0).toFixed(2))
    process.stdout.write(`${JSON.stringify({ measure: 'authenticated-list', database: inject('databaseKind'), requests: 200, p50_ms: at(0.5), p95_ms: at(0.95), p99_ms: at(0.99) })}\n`)
  })
})

