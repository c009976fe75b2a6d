import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import type { ApiEnv } from '../api-env.ts'
import { AppError } from '../errors/app-error.ts'
import { refusal } from '../errors/error-responses.ts'
import { isUnknownListError } from '../lists/unknown-list-error.ts'
import { guarded, json, jsonRequest, jsonWrite, security, write } from '../openapi/route-answers.ts'
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
// `/api/{userId}/tasks` (create-app.ts); the middleware there answers first, so its refusals are listed here too
// (openapi/route-answers.ts).

// A `list_id` that is not one of the user's lists is 404 LIST_NOT_FOUND, as another user's task is TASK_NOT_FOUND: the
// answer tells nothing about whose it is. Nothing is written (the database's own key refuses it).
const UNKNOWN_LIST = 'A `list_id` that is not one of your lists is 404 LIST_NOT_FOUND, and nothing is written.'

export const listTasks = createRoute({
  method: 'get',
  path: '/',
  tags: ['tasks'],
  summary: 'List tasks (keyset-paginated)',
  description: 'With `list`, only the Inbox’s (`inbox`) or one list’s tasks, in every view, search, status and sort; `sort=position` is then that list’s tasks in the user’s own order.',
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
  description: `On top of the user’s own order, in the list \`list_id\` names (none: the Inbox). ${UNKNOWN_LIST}`,
  security,
  middleware: [jsonBody()] as const,
  request: { params: tasksParams, body: jsonRequest(createTaskBody, true) },
  responses: { 201: json(task, 'Created; Location names it'), ...jsonWrite, 404: refusal('LIST_NOT_FOUND') },
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
  summary: 'Replace title and description; set completed, due_on, priority and list_id if sent',
  description: `A \`list_id\` sent moves the task to that list (null: the Inbox); left out, it stays where it is. ${UNKNOWN_LIST}`,
  security,
  middleware: [jsonBody()] as const,
  request: { params: taskParams, body: jsonRequest(updateTaskBody, true) },
  responses: { 200: json(task, 'The task'), ...jsonWrite, 404: refusal('TASK_NOT_FOUND', 'LIST_NOT_FOUND') },
})

export const patchTask = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['tasks'],
  summary: 'Change only the fields sent (at least one)',
  description: `\`list_id\` moves the task to another list (null: the Inbox); it keeps its place in the user’s own order. ${UNKNOWN_LIST}`,
  security,
  middleware: [jsonBody()] as const,
  request: { params: taskParams, body: jsonRequest(patchTaskBody, true) },
  responses: { 200: json(task, 'The task'), ...jsonWrite, 404: refusal('TASK_NOT_FOUND', 'LIST_NOT_FOUND') },
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
  description:
    'One order holds all of the user’s tasks; a list shows its tasks in that order. So neighbours taken from one list’s `sort=position` listing place the task between them in that list. The answer’s `before_id` and `after_id` are its neighbours in the whole order.',
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
  /** A write that named a list which is not the user's: 404, as for a list that is not there. */
  const inOwnList = async <T>(write: Promise<T>): Promise<T> => {
    try {
      return await write
    } catch (error) {
      if (isUnknownListError(error)) throw new AppError('LIST_NOT_FOUND')
      throw error
    }
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
        list: listing.list,
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
      return c.json(await taskRepository.counts(c.var.session.userId, c.req.valid('query')), 200)
    })
    .openapi(createTask, async (c) => {
      const body = c.req.valid('json')
      const row = await inOwnList(
        taskRepository.create({
          ownerId: c.var.session.userId,
          title: body.title,
          description: body.description ?? null,
          dueOn: body.due_on,
          priority: body.priority,
          listId: body.list_id,
        }),
      )
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
      const row = await inOwnList(
        taskRepository.update({
          ownerId: c.var.session.userId,
          taskId: c.req.valid('param').id,
          changes: { title: body.title, description: body.description ?? null, completed: body.completed, dueOn: body.due_on, priority: body.priority, listId: body.list_id },
        }),
      )
      return c.json(toTaskJson(found(row)), 200)
    })
    .openapi(patchTask, async (c) => {
      const body = c.req.valid('json')
      const row = await inOwnList(
        taskRepository.update({
          ownerId: c.var.session.userId,
          taskId: c.req.valid('param').id,
          changes: { title: body.title, description: body.description, completed: body.completed, dueOn: body.due_on, priority: body.priority, listId: body.list_id },
        }),
      )
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
