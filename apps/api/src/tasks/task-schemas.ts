import { z } from 'zod'

export const TITLE_MAX = 200
export const DESCRIPTION_MAX = 1000

// PostgreSQL text cannot hold NUL, and a lone surrogate cannot be stored as sent: refuse both with 422.
const storableText = (value: string) => !value.includes('\u0000') && !/\p{Cs}/u.test(value)
const STORABLE_MESSAGE = 'must be valid Unicode text without NUL characters'

const title = z
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

export const createTaskBody = z.strictObject({ title, description })

/** PUT replaces title and description (an omitted description becomes null); `completed` is kept unless sent. */
export const updateTaskBody = z.strictObject({ title, description, completed: z.boolean({ error: 'must be true or false' }).optional() })

/** No `completed`: toggle. With it: set, so a retried request lands on the same state. */
export const completeTaskBody = z.strictObject({ completed: z.boolean({ error: 'must be true or false' }).optional() })

export const TASK_SORTS = ['created_at', 'updated_at', 'title'] as const
export const TASK_STATUSES = ['all', 'pending', 'completed'] as const

export const listTasksQuery = z.strictObject({
  status: z.enum(TASK_STATUSES).default('all'),
  sort: z.enum(TASK_SORTS).default('created_at'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int('must be a whole number').min(1).max(100).default(50),
  cursor: z.string().max(1024).optional(),
})

export type CreateTaskBody = z.infer<typeof createTaskBody>
export type UpdateTaskBody = z.infer<typeof updateTaskBody>
export type ListTasksQuery = z.infer<typeof listTasksQuery>
export type TaskSort = (typeof TASK_SORTS)[number]
