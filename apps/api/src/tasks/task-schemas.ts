import { z } from '@hono/zod-openapi'

export const TITLE_MAX = 200
export const DESCRIPTION_MAX = 1000

// PostgreSQL text cannot hold NUL, and a lone surrogate cannot be stored as sent: refuse both with 422.
const storableText = (value: string) => !value.includes('\u0000') && !/\p{Cs}/u.test(value)
const STORABLE_MESSAGE = 'must be valid Unicode text without NUL characters'

/** A title as stored: trimmed, 1–200 characters. A title cursor must be one, too (see task-cursor.ts). */
export const taskTitle = z
  .string({ error: 'must be a string' })
  .refine(storableText, STORABLE_MESSAGE)
  .trim()
  .min(1, 'must not be empty')
  .max(TITLE_MAX, `must be at most ${TITLE_MAX} characters`)
const description = z
  .string({ error: 'must be a string or null' })
  .max(DESCRIPTION_MAX, `must be at most ${DESCRIPTION_MAX} characters`)
  .refine(storableText, STORABLE_MESSAGE)
  .nullable()
  .optional()

// Requests

export const createTaskBody = z.strictObject({ title: taskTitle, description }).openapi('CreateTask')

/** PUT replaces title and description (an omitted description becomes null); `completed` is kept unless sent. */
export const updateTaskBody = z
  .strictObject({ title: taskTitle, description, completed: z.boolean({ error: 'must be true or false' }).optional() })
  .openapi('UpdateTask')

/** No `completed`: toggle. With it: set, so a retried request lands on the same state. */
export const completeTaskBody = z
  .strictObject({ completed: z.boolean({ error: 'must be true or false' }).optional() })
  .openapi('CompleteTask', { description: 'An empty body toggles; `{"completed": bool}` sets, safe to retry.' })

export const TASK_SORTS = ['created_at', 'updated_at', 'title'] as const
export const TASK_STATUSES = ['all', 'pending', 'completed'] as const

/**
 * Which of a user's tasks are meant: the ones a listing shows, and so the ones "mark all" acts on. Later filters
 * (due dates, lists, search) are added here, once, for both. Not a named component of the document: each route's
 * schema lists these fields as its own properties.
 */
export const taskListFilter = z.strictObject({
  status: z.enum(TASK_STATUSES).default('all'),
})

export const listTasksQuery = taskListFilter.extend({
  sort: z.enum(TASK_SORTS).default('created_at'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int('must be a whole number').min(1).max(100).default(50),
  cursor: z.string().max(1024).optional().openapi({ description: 'The `next_cursor` of the previous page, for the same status, sort and order.' }),
})

/** Sets `completed` on every task the filter matches; a task already in that state is left as it is. */
export const completeAllTasksBody = taskListFilter
  .extend({ completed: z.boolean({ error: 'must be true or false' }) })
  .openapi('CompleteAllTasks', { description: '`status` defaults to `all`. Safe to retry: a second request changes nothing.' })

/** No options yet: an empty body or `{}`. Strict, so a field a later version adds is refused, not ignored, by this one. */
export const clearCompletedTasksBody = z.strictObject({}).openapi('ClearCompletedTasks', { description: 'Send no body, or `{}`.' })

const userId = z.string().openapi({ param: { name: 'userId', in: 'path' }, description: 'The signed-in user; any other is 403.' })

export const tasksParams = z.object({ userId })

/** A task id that is not a UUID names no task: `validationHook` answers 404, as for another user's task. */
export const taskParams = z.object({ userId, id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })

// Answers

/** A task as the api sends it: snake_case, ISO-8601 UTC times with milliseconds. */
export const task = z
  .strictObject({
    id: z.uuid(),
    user_id: z.string(),
    title: z.string().min(1).max(TITLE_MAX),
    description: z.string().max(DESCRIPTION_MAX).nullable(),
    completed: z.boolean(),
    created_at: z.iso.datetime({ precision: 3 }),
    updated_at: z.iso.datetime({ precision: 3 }),
  })
  .openapi('Task')

export const taskPage = z
  .strictObject({
    tasks: z.array(task),
    next_cursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  })
  .openapi('TaskPage')

export const taskCounts = z
  .strictObject({ all: z.number().int().min(0), pending: z.number().int().min(0), completed: z.number().int().min(0) })
  .openapi('TaskCounts')

export const tasksUpdated = z
  .strictObject({ updated: z.number().int().min(0).openapi({ description: 'How many tasks changed; 0 when all were already in that state.' }) })
  .openapi('TasksUpdated')

export const tasksDeleted = z.strictObject({ deleted: z.number().int().min(0) }).openapi('TasksDeleted')

export type CreateTaskBody = z.infer<typeof createTaskBody>
export type UpdateTaskBody = z.infer<typeof updateTaskBody>
export type ListTasksQuery = z.infer<typeof listTasksQuery>
export type TaskListFilter = z.infer<typeof taskListFilter>
/** As a client sends it: `status` may be left out. */
export type CompleteAllTasksBody = z.input<typeof completeAllTasksBody>
export type TaskSort = (typeof TASK_SORTS)[number]
export type TaskFilter = (typeof TASK_STATUSES)[number]
export type Task = z.infer<typeof task>
export type TaskPage = z.infer<typeof taskPage>
export type TaskCounts = z.infer<typeof taskCounts>
export type TasksUpdated = z.infer<typeof tasksUpdated>
export type TasksDeleted = z.infer<typeof tasksDeleted>
