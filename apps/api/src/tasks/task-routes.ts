import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi'
import type { ApiEnv } from '../api-env.ts'
import { AppError } from '../errors/app-error.ts'
import { refusal } from '../errors/error-responses.ts'
import { jsonBody } from '../validation/json-body.ts'
import { decodeCursor, encodeCursor, positionOf } from './task-cursor.ts'
import { toTaskJson } from './task-json.ts'
import { toTaskListing } from './task-listing.ts'
import type { TaskRepository } from './task-repository.ts'
import {
  clearCompletedTasksBody,
  completeAllTasksBody,
  completeTaskBody,
  countTasksQuery,
  createTaskBody,
  listTasksQuery,
  movedTask,
  moveTaskBody,
  patchTaskBody,
  task,
  taskCounts,
  taskPage,
  taskParams,
  tasksDeleted,
  tasksParams,
  tasksUpdated,
  updateTaskBody,
} from './task-schemas.ts'

// Each route once: its request, and every answer it can give with that answer's schema. Validation, the
// /openapi.json document and the handlers' types all come from these. Paths are below the mount point,
// `/api/{userId}/tasks` (create-app.ts); the middleware there answers first, so its refusals are listed here too.

const json = <Schema extends z.ZodType>(schema: Schema, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})
const jsonRequest = <Schema extends z.ZodType>(schema: Schema, required: boolean) => ({ required, content: { 'application/json': { schema } } })

// Every route: `requireSession` (401, or 503 when auth cannot answer) and `requireOwner` (403), then the database.
const guarded = {
  401: refusal('UNAUTHENTICATED'),
  403: refusal('FORBIDDEN'),
  500: refusal('INTERNAL_ERROR'),
  503: refusal('AUTH_UNAVAILABLE', 'DATABASE_UNAVAILABLE'),
} as const
// Writes meet the CSRF guard and the body limit before the session check (create-app.ts).
const write = { ...guarded, 403: refusal('FORBIDDEN', 'CSRF_REJECTED'), 413: refusal('PAYLOAD_TOO_LARGE') } as const
// And a JSON body must be JSON (`jsonBody`) before its schema is checked.
const jsonWrite = {
  ...write,
  400: refusal('MALFORMED_JSON'),
  415: refusal('UNSUPPORTED_MEDIA_TYPE'),
  422: refusal('VALIDATION_FAILED'),
} as const
const security = [{ session: [] }]

export const listTasks = createRoute({
  method: 'get',
  path: '/',
  tags: ['tasks'],
  summary: 'List tasks (keyset-paginated)',
  security,
  request: { params: tasksParams, query: listTasksQuery },
  responses: { 200: json(taskPage, 'A page of tasks'), ...guarded, 422: refusal('VALIDATION_FAILED') },
})

export const countTasks = createRoute({
  method: 'get',
  path: '/counts',
  tags: ['tasks'],
  summary: 'How many tasks, pending and completed; with `today`, in each date view too',
  security,
  request: { params: tasksParams, query: countTasksQuery },
  responses: { 200: json(taskCounts, 'The counts'), ...guarded, 422: refusal('VALIDATION_FAILED') },
})

export const createTask = createRoute({
  method: 'post',
  path: '/',
  tags: ['tasks'],
  summary: 'Create a task',
  security,
  middleware: [jsonBody()] as const,
  request: { params: tasksParams, body: jsonRequest(createTaskBody, true) },
  responses: { 201: json(task, 'Created; Location names it'), ...jsonWrite },
})

// The bulk actions are POSTs to fixed paths below the collection: no `/{id}` route takes POST, and an id route
// reached with `complete-all` or `clear-completed` as its id refuses it (not a UUID: 404). Registered before the id
// routes all the same, as `/counts` is.
export const completeAllTasks = createRoute({
  method: 'post',
  path: '/complete-all',
  tags: ['tasks'],
  summary: 'Mark every task the filter matches complete (or not); safe to retry',
  security,
  middleware: [jsonBody()] as const,
  request: { params: tasksParams, body: jsonRequest(completeAllTasksBody, true) },
  responses: { 200: json(tasksUpdated, 'How many tasks changed'), ...jsonWrite },
})

export const clearCompletedTasks = createRoute({
  method: 'post',
  path: '/clear-completed',
  tags: ['tasks'],
  summary: 'Delete every completed task',
  security,
  middleware: [jsonBody({ optional: true })] as const,
  request: { params: tasksParams, body: jsonRequest(clearCompletedTasksBody, false) },
  responses: { 200: json(tasksDeleted, 'How many tasks were deleted'), ...jsonWrite },
})

export const getTask = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['tasks'],
  summary: 'Read a task',
  security,
  request: { params: taskParams },
  responses: { 200: json(task, 'The task'), ...guarded, 404: refusal('TASK_NOT_FOUND') },
})

export const updateTask = createRoute({
  method: 'put',
  path: '/{id}',
  tags: ['tasks'],
  summary: 'Replace title and description; set completed, due_on and priority if sent',
  security,
  middleware: [jsonBody()] as const,
  request: { params: taskParams, body: jsonRequest(updateTaskBody, true) },
  responses: { 200: json(task, 'The task'), ...jsonWrite, 404: refusal('TASK_NOT_FOUND') },
})

export const patchTask = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['tasks'],
  summary: 'Change only the fields sent (at least one)',
  security,
  middleware: [jsonBody()] as const,
  request: { params: taskParams, body: jsonRequest(patchTaskBody, true) },
  responses: { 200: json(task, 'The task'), ...jsonWrite, 404: refusal('TASK_NOT_FOUND') },
})

export const completeTask = createRoute({
  method: 'patch',
  path: '/{id}/complete',
  tags: ['tasks'],
  summary: 'No body: toggle. {"completed": bool}: set (safe to retry)',
  security,
  middleware: [jsonBody({ optional: true })] as const,
  request: { params: taskParams, body: jsonRequest(completeTaskBody, false) },
  responses: { 200: json(task, 'The task'), ...jsonWrite, 404: refusal('TASK_NOT_FOUND') },
})

// POST to a fixed path below the task, like the bulk actions below the collection: one request per move.
export const moveTask = createRoute({
  method: 'post',
  path: '/{id}/move',
  tags: ['tasks'],
  summary: 'Put a task in a new place of the user’s own order (sort=position), between the neighbours the client saw',
  security,
  middleware: [jsonBody()] as const,
  request: { params: taskParams, body: jsonRequest(moveTaskBody, true) },
  responses: { 200: json(movedTask, 'The task, and the tasks now directly above and below it'), ...jsonWrite, 404: refusal('TASK_NOT_FOUND') },
})

export const deleteTask = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['tasks'],
  summary: 'Delete a task',
  security,
  request: { params: taskParams },
  responses: { 204: { description: 'Deleted' }, ...write, 404: refusal('TASK_NOT_FOUND') },
})

/** Every tasks route, for the contract test: each with the answers it declares. */
export const TASK_ROUTES = [
  listTasks,
  countTasks,
  createTask,
  completeAllTasks,
  clearCompletedTasks,
  getTask,
  updateTask,
  patchTask,
  completeTask,
  moveTask,
  deleteTask,
] as const

/**
 * `/api/:userId/tasks…`. `requireSession` and `requireOwner` run before these (see create-app), so
 * `c.var.session.userId` is the path's user; every query is scoped by it.
 */
export function taskRoutes(taskRepository: TaskRepository) {
  const found = <T>(row: T | undefined): T => {
    if (!row) throw new AppError('TASK_NOT_FOUND')
    return row
  }

  return new OpenAPIHono<ApiEnv>()
    .openapi(listTasks, async (c) => {
      const listing = toTaskListing(c.req.valid('query'))
      const rows = await taskRepository.list({
        ownerId: c.var.session.userId,
        status: listing.status,
        view: listing.view,
        today: listing.today,
        q: listing.q,
        sort: listing.sort,
        order: listing.order,
        limit: listing.limit + 1,
        after: decodeCursor(listing),
      })
      const page = rows.slice(0, listing.limit)
      const last = page.at(-1)
      const nextCursor = rows.length > listing.limit && last ? encodeCursor(listing, positionOf(listing.sort, last)) : null
      return c.json({ tasks: page.map(toTaskJson), next_cursor: nextCursor }, 200)
    })
    .openapi(countTasks, async (c) => {
      const { today, q } = c.req.valid('query')
      return c.json(await taskRepository.counts(c.var.session.userId, today, q), 200)
    })
    .openapi(createTask, async (c) => {
      const body = c.req.valid('json')
      const row = await taskRepository.create({
        ownerId: c.var.session.userId,
        title: body.title,
        description: body.description ?? null,
        dueOn: body.due_on,
        priority: body.priority,
      })
      c.header('Location', `/api/${encodeURIComponent(row.userId)}/tasks/${row.id}`)
      return c.json(toTaskJson(row), 201)
    })
    .openapi(completeAllTasks, async (c) => {
      const { completed, ...filter } = c.req.valid('json')
      const updated = await taskRepository.setCompletedMatching({ ownerId: c.var.session.userId, filter, completed })
      return c.json({ updated }, 200)
    })
    .openapi(clearCompletedTasks, async (c) => c.json({ deleted: await taskRepository.removeCompleted(c.var.session.userId) }, 200))
    .openapi(getTask, async (c) => {
      const row = await taskRepository.findOwned({ ownerId: c.var.session.userId, taskId: c.req.valid('param').id })
      return c.json(toTaskJson(found(row)), 200)
    })
    .openapi(updateTask, async (c) => {
      const body = c.req.valid('json')
      const row = await taskRepository.update({
        ownerId: c.var.session.userId,
        taskId: c.req.valid('param').id,
        changes: { title: body.title, description: body.description ?? null, completed: body.completed, dueOn: body.due_on, priority: body.priority },
      })
      return c.json(toTaskJson(found(row)), 200)
    })
    .openapi(patchTask, async (c) => {
      const body = c.req.valid('json')
      const row = await taskRepository.update({
        ownerId: c.var.session.userId,
        taskId: c.req.valid('param').id,
        changes: { title: body.title, description: body.description, completed: body.completed, dueOn: body.due_on, priority: body.priority },
      })
      return c.json(toTaskJson(found(row)), 200)
    })
    .openapi(completeTask, async (c) => {
      const row = await taskRepository.setCompleted({
        ownerId: c.var.session.userId,
        taskId: c.req.valid('param').id,
        completed: c.req.valid('json').completed,
      })
      return c.json(toTaskJson(found(row)), 200)
    })
    .openapi(moveTask, async (c) => {
      const taskId = c.req.valid('param').id
      const { before_id: beforeId, after_id: afterId } = c.req.valid('json')
      // A task cannot be its own neighbour: a request that says so is malformed, whatever exists.
      const selfNamed = [['before_id', beforeId] as const, ['after_id', afterId] as const].filter(([, id]) => id === taskId)
      if (selfNamed.length > 0) {
        throw new AppError('VALIDATION_FAILED', { detail: selfNamed.map(([field]) => ({ field, message: 'must not be the task being moved' })) })
      }
      const placement = await taskRepository.move({ ownerId: c.var.session.userId, taskId, beforeId, afterId })
      if (!placement) throw new AppError('TASK_NOT_FOUND')
      return c.json({ task: toTaskJson(placement.row), before_id: placement.aboveId, after_id: placement.belowId }, 200)
    })
    .openapi(deleteTask, async (c) => {
      const removed = await taskRepository.remove({ ownerId: c.var.session.userId, taskId: c.req.valid('param').id })
      if (!removed) throw new AppError('TASK_NOT_FOUND')
      return c.body(null, 204)
    })
}
