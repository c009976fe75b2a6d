import { z } from '@hono/zod-openapi'
import { SEARCH_MAX } from './task-search.ts'

export const TITLE_MAX = 200
export const DESCRIPTION_MAX = 1000

// PostgreSQL text cannot hold NUL, and a lone surrogate cannot be stored as sent: refuse both with 422.
export const storableText = (value: string) => !value.includes('\u0000') && !/\p{Cs}/u.test(value)
export const STORABLE_MESSAGE = 'must be valid Unicode text without NUL characters'

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
const completed = z.boolean({ error: 'must be true or false' })

const CALENDAR_DAY_MESSAGE = 'must be a calendar day, YYYY-MM-DD, in the years 0001–9999'

/**
 * A day as PostgreSQL's `date` stores it and the api sends it: `YYYY-MM-DD`, a day that exists (zod's pattern knows
 * month lengths and leap years, so 2026-02-30 is refused), in the years 1–9999. Year 0 matches the pattern but
 * PostgreSQL has none. No time and no zone: a due day, or the client's own today.
 */
export const calendarDay = z.iso
  .date({ error: CALENDAR_DAY_MESSAGE })
  .refine((day) => !day.startsWith('0000-'), CALENDAR_DAY_MESSAGE)
  .openapi({ example: '2026-03-14' })

export const TASK_PRIORITIES = ['none', 'low', 'medium', 'high'] as const
const priority = z.enum(TASK_PRIORITIES, { error: `must be one of ${TASK_PRIORITIES.join(', ')}` })
const dueOn = calendarDay.nullable().openapi({ description: 'The day the task is due (`YYYY-MM-DD`), or null for none.' })
/** The Inbox is no list of its own: a task in it has `list_id` null (docs/decisions/012-lists-inbox-is-null.md). */
const listId = z
  .uuid({ error: 'must be a list id or null' })
  .nullable()
  .openapi({ description: 'The list the task is in, one of the user’s own (404 LIST_NOT_FOUND otherwise, and nothing written); null: the Inbox.' })

// Requests

export const createTaskBody = z
  .strictObject({ title: taskTitle, description, due_on: dueOn.optional(), priority: priority.optional(), list_id: listId.optional() })
  .openapi('CreateTask', { description: '`due_on` defaults to null, `priority` to `none`, `list_id` to null (the Inbox).' })

/**
 * PUT replaces title and description (an omitted description becomes null). `completed`, `due_on`, `priority` and
 * `list_id` are kept unless sent, so a client that knows nothing of the later fields does not wipe them.
 */
export const updateTaskBody = z
  .strictObject({ title: taskTitle, description, completed: completed.optional(), due_on: dueOn.optional(), priority: priority.optional(), list_id: listId.optional() })
  .openapi('UpdateTask')

/**
 * PATCH changes exactly the fields sent, at least one; `description` and `due_on` are cleared with null, and `list_id`
 * null moves the task to the Inbox.
 */
export const patchTaskBody = z
  .strictObject({
    title: taskTitle.optional(),
    description,
    completed: completed.optional(),
    due_on: dueOn.optional(),
    priority: priority.optional(),
    list_id: listId.optional(),
  })
  // Only when nothing else is wrong: `{"owner": 1}` is refused for its unknown field, not also as empty.
  .refine((body) => Object.keys(body).length > 0, { message: 'must name at least one field to change', when: (payload) => payload.issues.length === 0 })
  .openapi('PatchTask', { description: 'Any non-empty subset of the fields; the rest stay as they are.', minProperties: 1 })

/** No `completed`: toggle. With it: set, so a retried request lands on the same state. */
export const completeTaskBody = z
  .strictObject({ completed: completed.optional() })
  .openapi('CompleteTask', { description: 'An empty body toggles; `{"completed": bool}` sets, safe to retry.' })

/** `position` is the user's own order, top first when ascending (see the move route). */
export const TASK_SORTS = ['created_at', 'updated_at', 'title', 'due_on', 'priority', 'position'] as const
export const TASK_STATUSES = ['all', 'pending', 'completed'] as const
export const TASK_ORDERS = ['asc', 'desc'] as const
/**
 * Date views, relative to the client's own `today`: `today` is due on or before it and not completed (overdue
 * included), `upcoming` due after it and not completed, `overdue` due before it and not completed, `no_date` has no
 * due date, `all` is everything.
 */
export const TASK_VIEWS = ['all', 'today', 'upcoming', 'overdue', 'no_date'] as const
export type TaskView = (typeof TASK_VIEWS)[number]
/** The views that compare due dates with the client's day, and so need `today`. */
export const VIEWS_NEEDING_TODAY: ReadonlySet<TaskView> = new Set(['today', 'upcoming', 'overdue'])

/**
 * A search: words, or the start of words, all of which a task's title or description must hold; case and accents do
 * not matter. Whitespace alone, or pieces without a letter or digit, search for nothing (task-search.ts).
 */
const searchText = z
  .string({ error: 'must be a string' })
  .max(SEARCH_MAX, `must be at most ${SEARCH_MAX} characters`)
  .refine(storableText, STORABLE_MESSAGE)
  .optional()
  .openapi({
    description: `Words, or beginnings of words, that the title or description must all contain (\`buy mil\` finds “Buy milk”); case and accents are ignored. At most ${SEARCH_MAX} characters; empty is no search.`,
    example: 'buy mil',
  })

/** `inbox`, or one of the user's list ids. */
export const INBOX = 'inbox'
const listFilter = z
  .union([z.literal(INBOX), z.uuid()], { error: 'must be inbox or a list id' })
  .optional()
  .openapi({
    description: 'Only the tasks of one list: `inbox` (tasks in no list) or a list id. A list that is not the user’s holds none of their tasks: it matches nothing.',
    example: INBOX,
  })

/**
 * Which of a user's tasks are meant: the ones a listing shows, and so the ones "mark all" acts on. A filter is added
 * here, once, for both. Not a named component of the document: each route's schema lists
 * these fields as its own properties. The check that a date view has its `today` carries over to both (zod keeps a
 * refinement through `extend`).
 */
export const taskListFilter = z
  .strictObject({
    status: z.enum(TASK_STATUSES).default('all'),
    view: z.enum(TASK_VIEWS).default('all').openapi({ description: '`today`, `upcoming` and `overdue` need `today`.' }),
    today: calendarDay.optional().openapi({
      description: 'The client’s own calendar day (`YYYY-MM-DD`), so views never depend on the server’s time zone. Required for view=today, upcoming and overdue.',
    }),
    q: searchText,
    list: listFilter,
  })
  .superRefine((filter, context) => {
    if (VIEWS_NEEDING_TODAY.has(filter.view) && filter.today === undefined) {
      context.addIssue({ code: 'custom', path: ['today'], message: `is required for view=${filter.view}` })
    }
  })

export const listTasksQuery = taskListFilter.extend({
  sort: z.enum(TASK_SORTS).optional().openapi({
    description: '`due_on` for view=upcoming, else `created_at`. `due_on` puts tasks without a date last in both orders. `position` is the user’s own order (see …/move).',
  }),
  order: z.enum(TASK_ORDERS).optional().openapi({ description: '`asc` for view=upcoming and for sort=position (top first), else `desc`. For `priority`, `desc` is high first.' }),
  limit: z.coerce.number().int('must be a whole number').min(1).max(100).default(50),
  cursor: z.string().max(1024).optional().openapi({ description: 'The `next_cursor` of the previous page, for the same view, today, status, search, list, sort and order.' }),
})

/** Sets `completed` on every task the filter matches; a task already in that state is left as it is. */
export const completeAllTasksBody = taskListFilter
  .extend({ completed })
  .openapi('CompleteAllTasks', { description: '`status` and `view` default to `all`. Safe to retry: a second request changes nothing.' })

/** With `q` or `list`, every count is of the tasks they find, as the list and "mark all" with them have them. */
export const countTasksQuery = z.strictObject({
  today: calendarDay.optional().openapi({ description: 'The client’s own calendar day: with it, the answer also counts each date view.' }),
  q: searchText,
  list: listFilter,
})

/** No options yet: an empty body or `{}`. Strict, so a field a later version adds is refused, not ignored, by this one. */
export const clearCompletedTasksBody = z.strictObject({}).openapi('ClearCompletedTasks', { description: 'Send no body, or `{}`.' })

const userId = z.string().openapi({ param: { name: 'userId', in: 'path' }, description: 'The signed-in user; any other is 403.' })

export const tasksParams = z.object({ userId })

/** A task id that is not a UUID names no task: `validationHook` answers 404, as for another user's task. */
export const taskParams = z.object({ userId, id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })

const neighbour = (description: string) => z.uuid({ error: 'must be a task id or null' }).nullable().openapi({ description })

/**
 * Where a task goes in the user's own order: between the two tasks the client showed around the place it was dropped.
 * Both are named (null: none on that side), so a client states what it saw; the server places the task from them.
 */
export const moveTaskBody = z
  .strictObject({
    before_id: neighbour('The task that is to be directly above it; null: none (the top).'),
    after_id: neighbour('The task that is to be directly below it; null: none (the bottom).'),
  })
  .refine((body) => body.before_id === null || body.before_id !== body.after_id, { path: ['after_id'], message: 'must not be the same task as before_id' })
  .openapi('MoveTask', {
    description:
      'Lands directly below `before_id` when it is given, else directly above `after_id`, else at the top: the neighbour on the other side is not checked against the order, so a move made from an outdated list still lands next to the task named first. Both must be the user’s own tasks (404 otherwise) and neither the moved task.',
  })

// Answers

/** A task as the api sends it: snake_case, ISO-8601 UTC times with milliseconds. */
export const task = z
  .strictObject({
    id: z.uuid(),
    user_id: z.string(),
    title: z.string().min(1).max(TITLE_MAX),
    description: z.string().max(DESCRIPTION_MAX).nullable(),
    completed: z.boolean(),
    due_on: z.iso.date().nullable(),
    priority: z.enum(TASK_PRIORITIES),
    list_id: z.uuid().nullable().openapi({ description: 'The list it is in; null: the Inbox.' }),
    created_at: z.iso.datetime({ precision: 3 }),
    updated_at: z.iso.datetime({ precision: 3 }),
  })
  .openapi('Task')

/** A moved task and where it now is: the tasks directly above and below it in the user's whole order (null: none). */
export const movedTask = z
  .strictObject({
    task,
    before_id: z.uuid().nullable().openapi({ description: 'The task now directly above it (null: it is first).' }),
    after_id: z.uuid().nullable().openapi({ description: 'The task now directly below it (null: it is last).' }),
  })
  .openapi('MovedTask')

export const taskPage = z
  .strictObject({
    tasks: z.array(task),
    next_cursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  })
  .openapi('TaskPage')

const count = z.number().int().min(0)
const viewCount = count.optional().openapi({ description: 'Only when `today` was sent.' })

/** The date views' counts are there exactly when the request sent `today`: each is the count of that view with status=all. */
export const taskCounts = z
  .strictObject({ all: count, pending: count, completed: count, today: viewCount, upcoming: viewCount, overdue: viewCount, no_date: viewCount })
  .openapi('TaskCounts')

export const tasksUpdated = z
  .strictObject({ updated: z.number().int().min(0).openapi({ description: 'How many tasks changed; 0 when all were already in that state.' }) })
  .openapi('TasksUpdated')

export const tasksDeleted = z.strictObject({ deleted: z.number().int().min(0) }).openapi('TasksDeleted')

export type CreateTaskBody = z.infer<typeof createTaskBody>
export type UpdateTaskBody = z.infer<typeof updateTaskBody>
export type PatchTaskBody = z.infer<typeof patchTaskBody>
export type MoveTaskBody = z.infer<typeof moveTaskBody>
export type MovedTask = z.infer<typeof movedTask>
export type CountTasksQuery = z.infer<typeof countTasksQuery>
export type ListTasksQuery = z.infer<typeof listTasksQuery>
export type TaskListFilter = z.infer<typeof taskListFilter>
/** `inbox`, a list id, or undefined for every task. */
export type TaskListChoice = TaskListFilter['list']
/** As a client sends it: `status` may be left out. */
export type CompleteAllTasksBody = z.input<typeof completeAllTasksBody>
export type TaskSort = (typeof TASK_SORTS)[number]
export type TaskFilter = (typeof TASK_STATUSES)[number]
export type TaskOrder = (typeof TASK_ORDERS)[number]
export type TaskPriority = (typeof TASK_PRIORITIES)[number]
export type Task = z.infer<typeof task>
export type TaskPage = z.infer<typeof taskPage>
export type TaskCounts = z.infer<typeof taskCounts>
export type TasksUpdated = z.infer<typeof tasksUpdated>
export type TasksDeleted = z.infer<typeof tasksDeleted>
