import { Hono } from 'hono'
import { z } from 'zod'
import type { ApiEnv } from '../api-env.ts'
import { AppError } from '../errors/app-error.ts'
import { jsonBody, queryParams } from '../validation/validate.ts'
import { decodeCursor, encodeCursor } from './task-cursor.ts'
import { toTaskJson } from './task-json.ts'
import type { TaskRepository } from './task-repository.ts'
import { completeTaskBody, createTaskBody, listTasksQuery, updateTaskBody } from './task-schemas.ts'

const taskId = z.uuid()

/**
 * `/api/:userId/tasks…`. `requireSession` and `requireOwner` run before these (see create-app), so
 * `c.var.session.userId` is the path's user; every query is scoped by it.
 */
export function taskRoutes(taskRepository: TaskRepository) {
  // A malformed id cannot name a task, so it is simply not found: the same answer as another user's id.
  const ownedTaskId = (raw: string) => {
    if (!taskId.safeParse(raw).success) throw new AppError('TASK_NOT_FOUND')
    return raw
  }
  const found = <T>(row: T | undefined): T => {
    if (!row) throw new AppError('TASK_NOT_FOUND')
    return row
  }

  return new Hono<ApiEnv>()
    .get('/', queryParams(listTasksQuery), async (c) => {
      const query = c.req.valid('query')
      const rows = await taskRepository.list({
        ownerId: c.var.session.userId,
        status: query.status,
        sort: query.sort,
        order: query.order,
        limit: query.limit + 1,
        after: decodeCursor(query),
      })
      const page = rows.slice(0, query.limit)
      const last = page.at(-1)
      const nextCursor =
        rows.length > query.limit && last
          ? encodeCursor(query, { value: query.sort === 'title' ? last.title : (query.sort === 'created_at' ? last.createdAt : last.updatedAt).toISOString(), id: last.id })
          : null
      return c.json({ tasks: page.map(toTaskJson), next_cursor: nextCursor })
    })
    .get('/counts', async (c) => c.json(await taskRepository.counts(c.var.session.userId)))
    .post('/', jsonBody(createTaskBody), async (c) => {
      const body = c.req.valid('json')
      const row = await taskRepository.create({ ownerId: c.var.session.userId, title: body.title, description: body.description ?? null })
      c.header('Location', `/api/${encodeURIComponent(row.userId)}/tasks/${row.id}`)
      return c.json(toTaskJson(row), 201)
    })
    .get('/:id', async (c) => {
      const row = await taskRepository.findOwned({ ownerId: c.var.session.userId, taskId: ownedTaskId(c.req.param('id')) })
      return c.json(toTaskJson(found(row)))
    })
    .put('/:id', jsonBody(updateTaskBody), async (c) => {
      const body = c.req.valid('json')
      const row = await taskRepository.update({
        ownerId: c.var.session.userId,
        taskId: ownedTaskId(c.req.param('id')),
        changes: { title: body.title, description: body.description ?? null, completed: body.completed },
      })
      return c.json(toTaskJson(found(row)))
    })
    .patch('/:id/complete', jsonBody(completeTaskBody, { optional: true }), async (c) => {
      const row = await taskRepository.setCompleted({
        ownerId: c.var.session.userId,
        taskId: ownedTaskId(c.req.param('id')),
        completed: c.req.valid('json').completed,
      })
      return c.json(toTaskJson(found(row)))
    })
    .delete('/:id', async (c) => {
      const removed = await taskRepository.remove({ ownerId: c.var.session.userId, taskId: ownedTaskId(c.req.param('id')) })
      if (!removed) throw new AppError('TASK_NOT_FOUND')
      return c.body(null, 204)
    })
}
