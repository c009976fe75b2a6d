import { z } from '@hono/zod-openapi'
import { STORABLE_MESSAGE, storableText } from '../tasks/task-schemas.ts'

export const LIST_NAME_MAX = 60
/** How many lists one user may have: enough for any way of sorting one's tasks, and a bound on what `GET /` reads. */
export const MAX_LISTS_PER_USER = 100
/** The Inbox's name: no list may take it, whatever its case, so two “Inbox”es never show side by side. */
export const INBOX_NAME = 'Inbox'

/** A list's name as stored: trimmed, 1–60 characters, text PostgreSQL can hold (as tasks' titles). */
export const listName = z
  .string({ error: 'must be a string' })
  .refine(storableText, STORABLE_MESSAGE)
  .trim()
  .min(1, 'must not be empty')
  .max(LIST_NAME_MAX, `must be at most ${LIST_NAME_MAX} characters`)
  .openapi({ description: `1–${LIST_NAME_MAX} characters once trimmed; unique among the user’s lists whatever its case, and not “${INBOX_NAME}”.`, example: 'Groceries' })

// Requests

export const createListBody = z.strictObject({ name: listName }).openapi('CreateList', { description: 'Added at the bottom of the user’s lists.' })

export const renameListBody = z.strictObject({ name: listName }).openapi('RenameList')

const neighbour = (description: string) => z.uuid({ error: 'must be a list id or null' }).nullable().openapi({ description })

/** As tasks' move (task-schemas.ts): between the lists the client showed around the place it was dropped. */
export const moveListBody = z
  .strictObject({
    before_id: neighbour('The list that is to be directly above it; null: none (the top).'),
    after_id: neighbour('The list that is to be directly below it; null: none (the bottom).'),
  })
  .refine((body) => body.before_id === null || body.before_id !== body.after_id, { path: ['after_id'], message: 'must not be the same list as before_id' })
  .openapi('MoveList', {
    description:
      'Lands directly below `before_id` when it is given, else directly above `after_id`, else at the top, as a task’s move does. Both must be the user’s own lists (404 otherwise) and neither the moved list.',
  })

export const LIST_DELETE_CHOICES = ['inbox', 'delete'] as const

/** What happens to a deleted list's tasks: no default, so a client cannot delete tasks by leaving a parameter out. */
export const deleteListQuery = z.strictObject({
  tasks: z.enum(LIST_DELETE_CHOICES, { error: `is required: one of ${LIST_DELETE_CHOICES.join(', ')}` }).openapi({
    description: '`inbox` moves the list’s tasks to the Inbox, `delete` deletes them with it. Required.',
  }),
})

const userId = z.string().openapi({ param: { name: 'userId', in: 'path' }, description: 'The signed-in user; any other is 403.' })

export const listsParams = z.object({ userId })

/** A list id that is not a UUID names no list: the lists' hook answers 404, as for another user's list. */
export const listParams = z.object({ userId, id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })

// Answers

const count = z.number().int().min(0)
const listCounts = z.strictObject({ all: count, pending: count }).openapi('ListCounts', { description: 'How many tasks it holds, and how many of them are not completed.' })

/** A list as the api sends it: snake_case, ISO-8601 UTC times with milliseconds. */
export const taskList = z
  .strictObject({
    id: z.uuid(),
    name: z.string().min(1).max(LIST_NAME_MAX),
    created_at: z.iso.datetime({ precision: 3 }),
    updated_at: z.iso.datetime({ precision: 3 }),
  })
  .openapi('TaskList')

export const countedTaskList = taskList.extend({ counts: listCounts }).openapi('CountedTaskList')

export const taskLists = z
  .strictObject({
    inbox: z.strictObject({ counts: listCounts }).openapi({ description: 'The tasks in no list.' }),
    lists: z.array(countedTaskList).openapi({ description: 'Every list of the user, in the user’s order (top first).' }),
  })
  .openapi('TaskLists')

export const movedTaskList = z
  .strictObject({
    list: taskList,
    before_id: z.uuid().nullable().openapi({ description: 'The list now directly above it (null: it is first).' }),
    after_id: z.uuid().nullable().openapi({ description: 'The list now directly below it (null: it is last).' }),
  })
  .openapi('MovedTaskList')

export const taskListDeleted = z
  .strictObject({
    moved_to_inbox: count.openapi({ description: 'Its tasks now in the Inbox (tasks=inbox).' }),
    deleted: count.openapi({ description: 'Its tasks deleted with it (tasks=delete).' }),
  })
  .openapi('TaskListDeleted')

export type CreateListBody = z.infer<typeof createListBody>
export type RenameListBody = z.infer<typeof renameListBody>
export type MoveListBody = z.infer<typeof moveListBody>
export type ListDeleteChoice = (typeof LIST_DELETE_CHOICES)[number]
export type TaskList = z.infer<typeof taskList>
export type CountedTaskList = z.infer<typeof countedTaskList>
export type TaskLists = z.infer<typeof taskLists>
export type MovedTaskList = z.infer<typeof movedTaskList>
export type TaskListDeleted = z.infer<typeof taskListDeleted>
