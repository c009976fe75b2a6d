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

export const listTasksQuery = z.strictObject({
  status: z.enum(TASK_STATUSES).default('all'),
  sort: z.enum(TASK_SORTS).default('created_at'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int('must be a whole number').min(1).max(100).default(50),
  cursor: z.string().max(1024).optional().openapi({ description: 'The `next_cursor` of the previous page, for the same status, sort and order.' }),
})

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

export type CreateTaskBody = z.infer<typeof createTaskBody>
export type UpdateTaskBody = z.infer<typeof updateTaskBody>
export type ListTasksQuery = z.infer<typeof listTasksQuery>
export type TaskSort = (typeof TASK_SORTS)[number]
export type TaskFilter = (typeof TASK_STATUSES)[number]
export type Task = z.infer<typeof task>
export type TaskPage = z.infer<typeof taskPage>
export type TaskCounts = z.infer<typeof taskCounts>
