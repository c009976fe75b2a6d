import { EXPORT_PATH, EXPORT_ROUTES, HEALTH_ROUTES, LIST_ROUTES, LISTS_PATH, LIVE_ROUTES, TASK_ROUTES, TASKS_PATH } from '@tasklane/api'
import { MAX_LISTS_PER_USER, type Task, type TaskList } from '@tasklane/api/contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { type RunningService, type TestUser, TRUSTED_ORIGIN, apiCall, freePort, signUp, startApi, startAuth } from '../support/test-stack.ts'

/**
 * The running api against its own /openapi.json: for each declared route, real requests that provoke each answer it
 * declares, and each real answer checked twice, against the document's JSON Schema for that route and status (read
 * with zod's `fromJSONSchema`) and against the zod schema of the route's `createRoute` declaration. A route that
 * answers a status it does not declare, or a body its schema does not allow, fails here; so does a declared answer
 * nobody provokes, unless it is listed below as one a test cannot cause.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

type JsonSchema = Exclude<Parameters<typeof z.fromJSONSchema>[0], boolean>

interface OpenApiDocument {
  paths: Record<string, Partial<Record<Method, { responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }> }>>>
  components: { schemas: Record<string, JsonSchema> }
}

interface Declared {
  method: Method
  path: string
  responses: Record<string, { content?: { 'application/json'?: { schema: z.ZodType }; 'text/event-stream'?: { schema: z.ZodType } } }>
}

/** Answers a running stack cannot be made to give: a bug (500), and the database going away mid-request. */
const UNPROVOKED_CODES = new Set(['INTERNAL_ERROR', 'DATABASE_UNAVAILABLE'])

let auth: RunningService
let api: RunningService
/** An api whose auth is not there: every session check is 503, and /ready too. */
let orphan: RunningService
let owner: TestUser
let other: TestUser
let task: Task
let list: TaskList
let document: OpenApiDocument

beforeAll(async () => {
  auth = await startAuth()
  // Room for one live-update stream per user and two in all, so both refusals can be provoked.
  ;[api, orphan] = await Promise.all([
    startApi(auth.url, { EVENT_STREAM_MAX_PER_USER: '1', EVENT_STREAM_MAX_PER_PROCESS: '2' }),
    startApi(`http://127.0.0.1:${await freePort()}`),
  ])
  ;[owner, other] = await Promise.all([signUp(auth.url), signUp(auth.url)])
  const created = await apiCall(api.url, owner.cookie)('POST', `/api/${owner.userId}/tasks`, { title: 'contract' })
  task = (await created.json()) as Task
  const made = await apiCall(api.url, owner.cookie)('POST', `/api/${owner.userId}/lists`, { name: 'contract' })
  list = (await made.json()) as TaskList
  document = (await (await fetch(`${api.url}/openapi.json`)).json()) as OpenApiDocument
})
afterAll(async () => {
  await Promise.all([api?.close(), orphan?.close()])
  await auth?.close()
})

/** `/api/:userId/tasks` + `/{id}` → `/api/{userId}/tasks/{id}`, as the document names it. */
const documentPath = (prefix: string, path: string) => `${prefix.replaceAll(/:(\w+)/g, '{$1}')}${path === '/' ? '' : path}`
const DECLARED: Declared[] = [
  ...HEALTH_ROUTES.map((route) => ({ ...route, path: route.path }) as Declared),
  ...TASK_ROUTES.map((route) => ({ ...route, path: documentPath(TASKS_PATH, route.path) }) as Declared),
  ...LIVE_ROUTES.map((route) => ({ ...route, path: documentPath(TASKS_PATH, route.path) }) as Declared),
  ...LIST_ROUTES.map((route) => ({ ...route, path: documentPath(LISTS_PATH, route.path) }) as Declared),
  ...EXPORT_ROUTES.map((route) => ({ ...route, path: documentPath(EXPORT_PATH, route.path) }) as Declared),
]

/** The document's schema for one answer, with its `$ref`s to components made local, as a zod validator. */
function documentSchema(path: string, method: Method, status: string): z.ZodType | undefined {
  const schema = document.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema
  if (schema === undefined) return undefined
  const local = <T>(value: T) => JSON.parse(JSON.stringify(value).replaceAll('#/components/schemas/', '#/$defs/')) as T
  return z.fromJSONSchema({ ...local(schema as JsonSchema), $defs: local(document.components.schemas) })
}

const MAX_BODY = 'x'.repeat(17 * 1024)
const MISSING_ID = '00000000-0000-4000-8000-000000000000'
/** `{"title":"` 0xFF `"}`: a byte that is never UTF-8. */
const NOT_UTF8 = Uint8Array.from([...Buffer.from('{"title":"'), 0xff, ...Buffer.from('"}')])
const json = (body: unknown) => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })

interface Provocation {
  name: string
  status: number
  /** The `error_code` it must carry, for error answers. */
  code?: string
  request: () => Promise<Response>
}

interface SendOptions {
  cookie?: string
  origin?: string
  body?: string | Uint8Array<ArrayBuffer>
  headers?: Record<string, string>
}

function send(base: string, method: string, path: string, { cookie, origin = TRUSTED_ORIGIN, body, headers = {} }: SendOptions = {}) {
  return fetch(`${base}${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(origin && method !== 'GET' ? { origin } : {}), ...headers },
    body,
  })
}

/** What each declared route is sent, by `METHOD path`: one request per answer it declares. */
function provocations(): Record<string, Provocation[]> {
  const tasks = `/api/${owner.userId}/tasks`
  const others = `/api/${other.userId}/tasks`
  const one = `${tasks}/${task.id}`
  const lists = `/api/${owner.userId}/lists`
  const oneList = `${lists}/${list.id}`
  const as = { cookie: owner.cookie }

  /** The refusals every tasks and lists route shares, for one method and path (`path` is under the owner's id). */
  const guarded = (method: string, path: string, body?: string): Provocation[] => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' }
    return [
      { name: 'no session cookie', status: 401, code: 'UNAUTHENTICATED', request: () => send(api.url, method, path, { body, headers }) },
      { name: 'another user’s path', status: 403, code: 'FORBIDDEN', request: () => send(api.url, method, path.replace(`/api/${owner.userId}/`, `/api/${other.userId}/`), { ...as, body, headers }) },
      { name: 'auth unreachable', status: 503, code: 'AUTH_UNAVAILABLE', request: () => send(orphan.url, method, path, { ...as, body, headers }) },
    ]
  }
  const writes = (method: string, path: string, body?: string): Provocation[] => [
    ...guarded(method, path, body),
    { name: 'a foreign origin', status: 403, code: 'CSRF_REJECTED', request: () => send(api.url, method, path, { ...as, origin: 'https://evil.example', ...(body === undefined ? {} : json(JSON.parse(body))) }) },
    { name: 'a body over 16 KiB', status: 413, code: 'PAYLOAD_TOO_LARGE', request: () => send(api.url, method, path, { ...as, ...json({ title: MAX_BODY }) }) },
  ]
  const jsonWrites = (method: string, path: string, valid: unknown, invalid: unknown): Provocation[] => [
    ...writes(method, path, JSON.stringify(valid)),
    { name: 'malformed JSON', status: 400, code: 'MALFORMED_JSON', request: () => send(api.url, method, path, { ...as, body: '{"title":', headers: { 'content-type': 'application/json' } }) },
    { name: 'bytes that are not UTF-8', status: 400, code: 'MALFORMED_JSON', request: () => send(api.url, method, path, { ...as, body: NOT_UTF8, headers: { 'content-type': 'application/json' } }) },
    { name: 'a form body', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', request: () => send(api.url, method, path, { ...as, body: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }) },
    { name: 'a body its schema refuses', status: 422, code: 'VALIDATION_FAILED', request: () => send(api.url, method, path, { ...as, ...json(invalid) }) },
  ]
  const byId = (method: string, path: (id: string) => string, body?: string, code = 'TASK_NOT_FOUND'): Provocation[] => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' }
    return [
      { name: 'an id that is not there', status: 404, code, request: () => send(api.url, method, path(MISSING_ID), { ...as, body, headers }) },
      { name: 'an id that is not a UUID', status: 404, code, request: () => send(api.url, method, path('not-a-uuid'), { ...as, body, headers }) },
    ]
  }
  const taskPath = (suffix = '') => (id: string) => `${tasks}/${id}${suffix}`
  const listPath = (suffix = '') => (id: string) => `${lists}/${id}${suffix}`
  const byListId = (method: string, path: (id: string) => string, body?: string) => byId(method, path, body, 'LIST_NOT_FOUND')
  /** A task written into another user's list. */
  const intoOthersList = (method: string, path: string, body: object): Provocation => ({
    name: 'a list_id that is another user’s',
    status: 404,
    code: 'LIST_NOT_FOUND',
    request: async () => {
      const theirs = (await (await send(api.url, 'POST', `/api/${other.userId}/lists`, { cookie: other.cookie, ...json({ name: `theirs ${crypto.randomUUID()}` }) })).json()) as TaskList
      return send(api.url, method, path, { ...as, ...json({ ...body, list_id: theirs.id }) })
    },
  })

  return {
    'get /health': [{ name: 'up', status: 200, request: () => send(api.url, 'GET', '/health') }],
    'get /ready': [
      { name: 'ready', status: 200, request: () => send(api.url, 'GET', '/ready') },
      { name: 'auth unreachable', status: 503, code: 'NOT_READY', request: () => send(orphan.url, 'GET', '/ready') },
    ],
    'get /api/{userId}/tasks': [
      { name: 'a page', status: 200, request: () => send(api.url, 'GET', `${tasks}?limit=1`, as) },
      { name: 'a page with a cursor', status: 200, request: async () => send(api.url, 'GET', `${tasks}?cursor=${await firstCursor()}&limit=1`, as) },
      { name: 'a limit out of range', status: 422, code: 'VALIDATION_FAILED', request: () => send(api.url, 'GET', `${tasks}?limit=0`, as) },
      { name: 'a forged cursor', status: 422, code: 'VALIDATION_FAILED', request: () => send(api.url, 'GET', `${tasks}?cursor=bm90LWEtY3Vyc29y`, as) },
      {
        name: 'a date view by due day, with a cursor',
        status: 200,
        request: async () => send(api.url, 'GET', `${tasks}?view=no_date&sort=due_on&order=asc&limit=1&cursor=${await firstCursor('view=no_date&sort=due_on&order=asc')}`, as),
      },
      { name: 'a date view without today', status: 422, code: 'VALIDATION_FAILED', request: () => send(api.url, 'GET', `${tasks}?view=today&sort=priority`, as) },
      { name: 'a search in the own order, with a cursor', status: 200, request: async () => send(api.url, 'GET', `${tasks}?q=secon&sort=position&limit=1&cursor=${await firstCursor('q=secon&sort=position')}`, as) },
      { name: 'a search over 200 characters', status: 422, code: 'VALIDATION_FAILED', request: () => send(api.url, 'GET', `${tasks}?q=${'x'.repeat(201)}`, as) },
      { name: 'one list in the own order, with a cursor', status: 200, request: async () => send(api.url, 'GET', `${tasks}?list=inbox&sort=position&limit=1&cursor=${await firstCursor('list=inbox&sort=position')}`, as) },
      { name: 'a list that is neither inbox nor an id', status: 422, code: 'VALIDATION_FAILED', request: () => send(api.url, 'GET', `${tasks}?list=Work`, as) },
      ...guarded('GET', tasks),
    ],
    'get /api/{userId}/tasks/counts': [
      { name: 'the counts', status: 200, request: () => send(api.url, 'GET', `${tasks}/counts`, as) },
      { name: 'the counts with each date view', status: 200, request: () => send(api.url, 'GET', `${tasks}/counts?today=2026-03-14`, as) },
      { name: 'the counts of a search', status: 200, request: () => send(api.url, 'GET', `${tasks}/counts?today=2026-03-14&q=contract`, as) },
      { name: 'the counts of a list', status: 200, request: () => send(api.url, 'GET', `${tasks}/counts?list=${list.id}`, as) },
      { name: 'a today that is no day', status: 422, code: 'VALIDATION_FAILED', request: () => send(api.url, 'GET', `${tasks}/counts?today=2026-02-30`, as) },
      ...guarded('GET', `${tasks}/counts`),
    ],
    'post /api/{userId}/tasks': [
      { name: 'created', status: 201, request: () => send(api.url, 'POST', tasks, { ...as, ...json({ title: 'made by the contract test' }) }) },
      { name: 'created with a due day and priority', status: 201, request: () => send(api.url, 'POST', tasks, { ...as, ...json({ title: 'dated', due_on: '2026-03-14', priority: 'high' }) }) },
      { name: 'created in a list', status: 201, request: () => send(api.url, 'POST', tasks, { ...as, ...json({ title: 'listed', list_id: list.id }) }) },
      intoOthersList('POST', tasks, { title: 'x' }),
      ...jsonWrites('POST', tasks, { title: 'x' }, { title: '', user_id: 'someone-else' }),
    ],
    // Neither may complete or delete `task`, which the routes below still need: "mark all" here leaves tasks pending.
    'post /api/{userId}/tasks/complete-all': [
      { name: 'marked', status: 200, request: () => send(api.url, 'POST', `${tasks}/complete-all`, { ...as, ...json({ completed: false, status: 'all' }) }) },
      { name: 'marked in one list', status: 200, request: () => send(api.url, 'POST', `${tasks}/complete-all`, { ...as, ...json({ completed: false, list: list.id }) }) },
      ...jsonWrites('POST', `${tasks}/complete-all`, { completed: false }, { completed: 'yes', status: 'done' }),
    ],
    'post /api/{userId}/tasks/clear-completed': [
      {
        name: 'cleared, with no body',
        status: 200,
        request: async () => {
          const created = (await (await send(api.url, 'POST', tasks, { ...as, ...json({ title: 'to clear' }) })).json()) as Task
          await send(api.url, 'PATCH', `${tasks}/${created.id}/complete`, { ...as, ...json({ completed: true }) })
          return send(api.url, 'POST', `${tasks}/clear-completed`, as)
        },
      },
      { name: 'cleared, with {}', status: 200, request: () => send(api.url, 'POST', `${tasks}/clear-completed`, { ...as, ...json({}) }) },
      ...jsonWrites('POST', `${tasks}/clear-completed`, {}, { status: 'completed' }),
    ],
    'get /api/{userId}/tasks/{id}': [{ name: 'the task', status: 200, request: () => send(api.url, 'GET', one, as) }, ...guarded('GET', one), ...byId('GET', taskPath())],
    'put /api/{userId}/tasks/{id}': [
      { name: 'replaced', status: 200, request: () => send(api.url, 'PUT', one, { ...as, ...json({ title: 'contract', description: 'replaced' }) }) },
      { name: 'replaced, and put in a list', status: 200, request: () => send(api.url, 'PUT', one, { ...as, ...json({ title: 'contract', list_id: list.id }) }) },
      intoOthersList('PUT', one, { title: 'x' }),
      ...jsonWrites('PUT', one, { title: 'x' }, { title: 'x', completed: 'yes' }),
      ...byId('PUT', taskPath(), JSON.stringify({ title: 'x' })),
    ],
    // Leaves `task` pending: the routes after it still need it.
    'patch /api/{userId}/tasks/{id}': [
      { name: 'due day and priority changed', status: 200, request: () => send(api.url, 'PATCH', one, { ...as, ...json({ due_on: '2026-03-14', priority: 'high' }) }) },
      { name: 'due day cleared', status: 200, request: () => send(api.url, 'PATCH', one, { ...as, ...json({ due_on: null }) }) },
      { name: 'back to the Inbox', status: 200, request: () => send(api.url, 'PATCH', one, { ...as, ...json({ list_id: null }) }) },
      intoOthersList('PATCH', one, {}),
      ...jsonWrites('PATCH', one, { priority: 'low' }, {}),
      ...byId('PATCH', taskPath(), JSON.stringify({ priority: 'low' })),
    ],
    'patch /api/{userId}/tasks/{id}/complete': [
      { name: 'toggled by an empty body', status: 200, request: () => send(api.url, 'PATCH', `${one}/complete`, as) },
      { name: 'set by {"completed"}', status: 200, request: () => send(api.url, 'PATCH', `${one}/complete`, { ...as, ...json({ completed: false }) }) },
      ...jsonWrites('PATCH', `${one}/complete`, { completed: true }, { completed: 'yes' }),
      ...byId('PATCH', taskPath('/complete')),
    ],
    // Moves `task` to the top and back below the task now first: it stays pending, for the routes after it.
    'post /api/{userId}/tasks/{id}/move': [
      { name: 'moved to the top', status: 200, request: () => send(api.url, 'POST', `${one}/move`, { ...as, ...json({ before_id: null, after_id: null }) }) },
      {
        name: 'moved below another task',
        status: 200,
        request: async () => {
          const created = (await (await send(api.url, 'POST', tasks, { ...as, ...json({ title: 'a neighbour' }) })).json()) as Task
          return send(api.url, 'POST', `${one}/move`, { ...as, ...json({ before_id: created.id, after_id: null }) })
        },
      },
      { name: 'a neighbour that is not there', status: 404, code: 'TASK_NOT_FOUND', request: () => send(api.url, 'POST', `${one}/move`, { ...as, ...json({ before_id: MISSING_ID, after_id: null }) }) },
      { name: 'the task as its own neighbour', status: 422, code: 'VALIDATION_FAILED', request: () => send(api.url, 'POST', `${one}/move`, { ...as, ...json({ before_id: null, after_id: task.id }) }) },
      ...jsonWrites('POST', `${one}/move`, { before_id: null, after_id: null }, { before_id: 'top' }),
      ...byId('POST', taskPath('/move'), JSON.stringify({ before_id: null, after_id: null })),
    ],
    'delete /api/{userId}/tasks/{id}': [
      {
        name: 'deleted',
        status: 204,
        request: async () => {
          const created = (await (await send(api.url, 'POST', tasks, { ...as, ...json({ title: 'to delete' }) })).json()) as Task
          return send(api.url, 'DELETE', `${tasks}/${created.id}`, as)
        },
      },
      ...writes('DELETE', one),
      ...byId('DELETE', taskPath()),
    ],
    'get /api/{userId}/lists': [{ name: 'the lists', status: 200, request: () => send(api.url, 'GET', lists, as) }, ...guarded('GET', lists)],
    'post /api/{userId}/lists': [
      { name: 'created', status: 201, request: () => send(api.url, 'POST', lists, { ...as, ...json({ name: `contract ${crypto.randomUUID().slice(0, 8)}` }) }) },
      { name: 'a name taken', status: 409, code: 'LIST_NAME_TAKEN', request: () => send(api.url, 'POST', lists, { ...as, ...json({ name: 'CONTRACT' }) }) },
      {
        name: 'one list more than a user may have',
        status: 409,
        code: 'LIST_LIMIT_REACHED',
        request: async () => {
          const full = await signUp(auth.url)
          const asFull = apiCall(api.url, full.cookie)
          for (let n = 0; n < MAX_LISTS_PER_USER; n++) expect((await asFull('POST', `/api/${full.userId}/lists`, { name: `list ${n}` })).status).toBe(201)
          return send(api.url, 'POST', `/api/${full.userId}/lists`, { cookie: full.cookie, ...json({ name: 'one more' }) })
        },
      },
      ...jsonWrites('POST', lists, { name: 'x' }, { name: '' }),
    ],
    'get /api/{userId}/lists/{id}': [{ name: 'the list', status: 200, request: () => send(api.url, 'GET', oneList, as) }, ...guarded('GET', oneList), ...byListId('GET', listPath())],
    'patch /api/{userId}/lists/{id}': [
      { name: 'renamed', status: 200, request: () => send(api.url, 'PATCH', oneList, { ...as, ...json({ name: 'Contract' }) }) },
      {
        name: 'a name another list has',
        status: 409,
        code: 'LIST_NAME_TAKEN',
        request: async () => {
          await send(api.url, 'POST', lists, { ...as, ...json({ name: 'Taken' }) })
          return send(api.url, 'PATCH', oneList, { ...as, ...json({ name: 'taken' }) })
        },
      },
      ...jsonWrites('PATCH', oneList, { name: 'x' }, { name: 'x'.repeat(61) }),
      ...byListId('PATCH', listPath(), JSON.stringify({ name: 'x' })),
    ],
    'post /api/{userId}/lists/{id}/move': [
      { name: 'moved to the top', status: 200, request: () => send(api.url, 'POST', `${oneList}/move`, { ...as, ...json({ before_id: null, after_id: null }) }) },
      {
        name: 'moved below another list',
        status: 200,
        request: async () => {
          const made = (await (await send(api.url, 'POST', lists, { ...as, ...json({ name: `a neighbour ${crypto.randomUUID()}` }) })).json()) as TaskList
          return send(api.url, 'POST', `${oneList}/move`, { ...as, ...json({ before_id: made.id, after_id: null }) })
        },
      },
      { name: 'a neighbour that is not there', status: 404, code: 'LIST_NOT_FOUND', request: () => send(api.url, 'POST', `${oneList}/move`, { ...as, ...json({ before_id: MISSING_ID, after_id: null }) }) },
      { name: 'the list as its own neighbour', status: 422, code: 'VALIDATION_FAILED', request: () => send(api.url, 'POST', `${oneList}/move`, { ...as, ...json({ before_id: list.id, after_id: null }) }) },
      ...jsonWrites('POST', `${oneList}/move`, { before_id: null, after_id: null }, { before_id: 'top' }),
      ...byListId('POST', listPath('/move'), JSON.stringify({ before_id: null, after_id: null })),
    ],
    'delete /api/{userId}/lists/{id}': [
      ...(['inbox', 'delete'] as const).map((choice) => ({
        name: `deleted, its tasks: ${choice}`,
        status: 200,
        request: async () => {
          const made = (await (await send(api.url, 'POST', lists, { ...as, ...json({ name: `to delete ${choice}` }) })).json()) as TaskList
          await send(api.url, 'POST', tasks, { ...as, ...json({ title: 'in a list to delete', list_id: made.id }) })
          return send(api.url, 'DELETE', `${lists}/${made.id}?tasks=${choice}`, as)
        },
      })),
      { name: 'no choice for its tasks', status: 422, code: 'VALIDATION_FAILED', request: () => send(api.url, 'DELETE', oneList, as) },
      ...writes('DELETE', `${oneList}?tasks=inbox`),
      ...byListId('DELETE', (id) => `${lists}/${id}?tasks=inbox`),
    ],
    'get /api/{userId}/export': [
      { name: 'the export', status: 200, request: () => send(api.url, 'GET', `/api/${owner.userId}/export`, as) },
      ...guarded('GET', `/api/${owner.userId}/export`).map((provocation) =>
        provocation.status === 403 ? { ...provocation, request: () => send(api.url, 'GET', `/api/${other.userId}/export`, as) } : provocation,
      ),
    ],
    'get /api/{userId}/tasks/events': [
      { name: 'the stream', status: 200, request: () => streamHeaders(api.url, `${tasks}/events`, owner.cookie) },
      ...guarded('GET', `${tasks}/events`),
      {
        name: 'one stream more than a user may hold',
        status: 429,
        code: 'TOO_MANY_EVENT_STREAMS',
        request: async () => {
          const release = await holdStream(`${tasks}/events`, owner.cookie)
          const response = await send(api.url, 'GET', `${tasks}/events`, as)
          release()
          return response
        },
      },
      {
        name: 'one stream more than the process holds',
        status: 503,
        code: 'EVENT_STREAMS_FULL',
        request: async () => {
          const releases = [await holdStream(`${tasks}/events`, owner.cookie), await holdStream(`${others}/events`, other.cookie)]
          const third = await signUp(auth.url)
          const response = await send(api.url, 'GET', `/api/${third.userId}/tasks/events`, { cookie: third.cookie })
          for (const release of releases) release()
          return response
        },
      },
    ],
  }
}

/** The event stream's answer once its headers are in; the stream itself is closed at once. */
async function streamHeaders(base: string, path: string, cookie: string): Promise<Response> {
  const controller = new AbortController()
  const response = await fetch(`${base}${path}`, { headers: { cookie }, signal: controller.signal })
  controller.abort()
  return new Response(null, { status: response.status, headers: response.headers })
}

/** Opens an event stream and keeps it open until the returned function is called (a closed one frees its place soon after). */
async function holdStream(path: string, cookie: string): Promise<() => void> {
  for (let attempt = 0; ; attempt++) {
    const controller = new AbortController()
    const response = await fetch(`${api.url}${path}`, { headers: { cookie }, signal: controller.signal })
    if (response.status === 200) return () => controller.abort()
    controller.abort()
    if (attempt === 50) throw new Error(`could not open ${path}: ${response.status}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function firstCursor(listing = ''): Promise<string> {
  await apiCall(api.url, owner.cookie)('POST', `/api/${owner.userId}/tasks`, { title: 'second, for a cursor' })
  const page = (await (await send(api.url, 'GET', `/api/${owner.userId}/tasks?limit=1&${listing}`, { cookie: owner.cookie })).json()) as { next_cursor: string }
  return page.next_cursor
}

describe('the api answers as its /openapi.json declares', () => {
  it('serves a document with exactly the declared routes, each with the answers its declaration lists', () => {
    const inDocument = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
    expect(inDocument.sort()).toEqual(DECLARED.map(({ method, path }) => `${method} ${path}`).sort())
    for (const { method, path, responses } of DECLARED) {
      expect(Object.keys(document.paths[path]?.[method]?.responses ?? {}).sort(), `${method} ${path}`).toEqual(Object.keys(responses).sort())
    }
  })

  it('gives every declared answer, and only declared ones, each body matching both schemas', async () => {
    const table = provocations()
    expect(Object.keys(table).sort()).toEqual(DECLARED.map(({ method, path }) => `${method} ${path}`).sort())
    const failures: string[] = []
    const provoked = new Set<string>()
    for (const { method, path, responses } of DECLARED) {
      for (const provocation of table[`${method} ${path}`] ?? []) {
        const label = `${method.toUpperCase()} ${path}, ${provocation.name}`
        const response = await provocation.request()
        const text = await response.text()
        const status = String(response.status)
        if (response.status !== provocation.status) failures.push(`${label}: answered ${status}, expected ${provocation.status}: ${text.slice(0, 200)}`)
        const declared = responses[status]
        if (!declared) {
          failures.push(`${label}: answered ${status}, which the declaration does not list`)
          continue
        }
        if (declared.content?.['text/event-stream']) {
          expect(response.headers.get('content-type'), label).toMatch(/^text\/event-stream/)
          provoked.add(`${method} ${path} ${status}`)
          continue
        }
        const zodSchema = declared.content?.['application/json']?.schema
        if (zodSchema === undefined) {
          if (text !== '') failures.push(`${label}: ${status} declares no body but has ${text.slice(0, 100)}`)
          provoked.add(`${method} ${path} ${status}`)
          continue
        }
        expect(response.headers.get('content-type'), label).toMatch(/^application\/json/)
        const body: unknown = JSON.parse(text)
        const fromDeclaration = zodSchema.safeParse(body)
        if (!fromDeclaration.success) failures.push(`${label}: breaks the declared schema: ${fromDeclaration.error.message} in ${text.slice(0, 300)}`)
        const fromDocument = documentSchema(path, method, status)?.safeParse(body)
        if (!fromDocument?.success) failures.push(`${label}: breaks the document's schema: ${fromDocument?.error.message ?? 'none'} in ${text.slice(0, 300)}`)
        if (provocation.code !== undefined) {
          const error = body as { error_code?: string; request_id?: string }
          if (error.error_code !== provocation.code) failures.push(`${label}: ${error.error_code}, expected ${provocation.code}`)
          if (error.request_id !== response.headers.get('x-request-id')) failures.push(`${label}: request_id ${error.request_id} is not the X-Request-Id`)
          provoked.add(`${method} ${path} ${status} ${error.error_code}`)
        } else {
          provoked.add(`${method} ${path} ${status}`)
        }
      }
    }
    // Every declared answer was seen, down to each error code, but for those no test can cause.
    const unseen: string[] = []
    for (const { method, path, responses } of DECLARED) {
      for (const status of Object.keys(responses)) {
        const codes = [...JSON.stringify(document.paths[path]?.[method]?.responses[status] ?? {}).matchAll(/schemas\/Error\.(\w+)"/g)].map((match) => match[1])
        const wanted = codes.length === 0 ? [`${method} ${path} ${status}`] : codes.filter((code) => !UNPROVOKED_CODES.has(code ?? '')).map((code) => `${method} ${path} ${status} ${code}`)
        unseen.push(...wanted.filter((key) => !provoked.has(key)))
      }
    }
    process.stdout.write(`${JSON.stringify({ suite: 'contract', routes: DECLARED.length, answers: provoked.size, failures: failures.length, unseen: unseen.length })}\n`)
    expect(failures).toEqual([])
    expect(unseen).toEqual([])
  })
})
