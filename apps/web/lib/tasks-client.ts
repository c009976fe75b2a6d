import type { CompleteAllTasksBody, CreateTaskBody, PatchTaskBody, TaskOrder, TaskSort, TasksApi, UpdateTaskBody } from '@tasklane/api/contract'
import { type ClientResponse, DetailedError, hc, parseResponse } from 'hono/client'
import type { DashboardSort } from './task-filter-url'
import type { Neighbours } from './task-order'
import type { TaskListShape } from './task-pages'

/** An api refusal, with the message meant for people. */
export class TaskRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export const PAGE_SIZE = 50

/**
 * Each dashboard order as the api's sort and direction: newest, soonest due, most important first; titles A to Z; the
 * user's own order top first.
 */
const API_ORDER: Readonly<Record<DashboardSort, { sort: TaskSort; order: TaskOrder }>> = {
  created: { sort: 'created_at', order: 'desc' },
  due: { sort: 'due_on', order: 'asc' },
  priority: { sort: 'priority', order: 'desc' },
  title: { sort: 'title', order: 'asc' },
  position: { sort: 'position', order: 'asc' },
}

/**
 * The list query for `shape`, naming only what differs from the api's defaults (all, newest first), so the plain
 * list's address stays `?status=…&limit=50`. The server's first render asks with the same query (backend.server.ts).
 */
export function listQueryOf(shape: TaskListShape, cursor: string | null) {
  const ordered = shape.sort !== 'created' || shape.view === 'upcoming'
  return {
    status: shape.status,
    ...(shape.view === 'all' ? {} : { view: shape.view }),
    ...(shape.today === null ? {} : { today: shape.today }),
    ...(shape.q === '' ? {} : { q: shape.q }),
    ...(shape.list === null ? {} : { list: shape.list }),
    ...(ordered ? API_ORDER[shape.sort] : {}),
    limit: String(PAGE_SIZE),
    ...(cursor === null ? {} : { cursor }),
  }
}

/**
 * The tasks api as the browser uses it, through this origin; cookies go along by themselves. `hc` is typed by the
 * api's own route declarations (`TasksApi`, a type-only import): a wrong path, query, body or answer is a type error.
 */
export function createTasksClient(userId: string) {
  const tasks = hc<TasksApi>('/').api[':userId'].tasks
  const param = { userId: encodeURIComponent(userId) }
  const task = (id: string) => ({ ...param, id })

  return {
    list: (shape: TaskListShape, cursor: string | null, signal?: AbortSignal) =>
      answer(tasks.$get({ param, query: listQueryOf(shape, cursor) }, { init: { signal } })),
    /** With the user's `today`, the date views are counted too; with a search `q` or a `list`, only the tasks they find. */
    counts: (today: string | null, q: string, list: string | null, signal?: AbortSignal) =>
      answer(tasks.counts.$get({ param, query: countsQueryOf(today, q, list) }, { init: { signal } })),
    create: (body: CreateTaskBody) => answer(tasks.$post({ param, json: body })),
    /** `completed` left out keeps it as it is on the server. */
    update: (id: string, body: UpdateTaskBody) => answer(tasks[':id'].$put({ param: task(id), json: body })),
    /** Exactly the fields sent change (due day, priority, …); the rest stay as the server has them. */
    patch: (id: string, body: PatchTaskBody) => answer(tasks[':id'].$patch({ param: task(id), json: body })),
    setCompleted: (id: string, completed: boolean) => answer(tasks[':id'].complete.$patch({ param: task(id), json: { completed } })),
    /** `keepalive`: a delete sent as the page goes away still reaches the server. */
    remove: (id: string) => answer(tasks[':id'].$delete({ param: task(id) }, { init: { keepalive: true } })),
    /** Every task `status` shows set to `completed`, in one statement. */
    completeAll: (body: CompleteAllTasksBody) => answer(tasks['complete-all'].$post({ param, json: body })),
    /** Sent after an undo window like `remove`, so `keepalive` too. */
    clearCompleted: () => answer(tasks['clear-completed'].$post({ param, json: {} }, { init: { keepalive: true } })),
    /** Puts the task between `neighbours` in the user's own order; the answer names its neighbours now. */
    move: (id: string, neighbours: Neighbours) => answer(tasks[':id'].move.$post({ param: task(id), json: neighbours })),
  }
}

/** The counts query, naming only what is there; the server's first render asks with the same (backend.server.ts). */
export function countsQueryOf(today: string | null, q: string, list: string | null) {
  return { ...(today === null ? {} : { today }), ...(q === '' ? {} : { q }), ...(list === null ? {} : { list }) }
}

export type TasksClient = ReturnType<typeof createTasksClient>

/** The answer's body, typed by the route's declared success answer; a refusal or a failed request throws `TaskRequestError`. */
export async function answer<Response extends ClientResponse<unknown>>(sent: Promise<Response>) {
  try {
    return await parseResponse(sent)
  } catch (error) {
    throw toRequestError(error)
  }
}

function toRequestError(error: unknown): unknown {
  if (error instanceof DOMException && error.name === 'AbortError') return error
  if (!(error instanceof DetailedError)) return new TaskRequestError(0, 'NETWORK', 'Could not reach Tasklane. Check your connection and try again.')
  const status = typeof error.statusCode === 'number' ? error.statusCode : 0
  const body: unknown = error.detail?.data
  if (!isErrorBody(body)) return new TaskRequestError(status, 'UNKNOWN', `Request failed (${status}).`)
  // A refused field says which and why ("title: must not be empty"), not only "Some fields are not valid."
  const fields = Array.isArray(body.detail) ? body.detail.filter(isFieldProblem).map((problem) => `${problem.field}: ${problem.message}`) : []
  return new TaskRequestError(status, body.error_code, fields.length > 0 ? `${body.message} (${fields.join('; ')})` : body.message)
}

// The error shape every api refusal has (`{ error_code, message, detail, request_id }`, apps/api handle-error.ts).
function isErrorBody(body: unknown): body is { error_code: string; message: string; detail: unknown } {
  return typeof body === 'object' && body !== null && 'error_code' in body && typeof body.error_code === 'string' && 'message' in body && typeof body.message === 'string'
}

function isFieldProblem(problem: unknown): problem is { field: string; message: string } {
  return typeof problem === 'object' && problem !== null && 'field' in problem && typeof problem.field === 'string' && 'message' in problem && typeof problem.message === 'string'
}
