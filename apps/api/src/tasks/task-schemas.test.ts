import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  clearCompletedTasksBody,
  completeAllTasksBody,
  completeTaskBody,
  createTaskBody,
  DESCRIPTION_MAX,
  listTasksQuery,
  TASK_STATUSES,
  taskListFilter,
  TITLE_MAX,
  updateTaskBody,
} from './task-schemas.ts'

/** The failed fields as `path: message`, so a test shows which field failed and why. */
function problems(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value)
  if (result.success) throw new Error(`expected ${JSON.stringify(value)} to be rejected`)
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
}

describe('createTaskBody', () => {
  it('trims the title and keeps the description as sent', () => {
    expect(createTaskBody.parse({ title: '  Buy milk \n', description: '  2 litres  ' })).toEqual({ title: 'Buy milk', description: '  2 litres  ' })
  })

  it('accepts a missing or null description', () => {
    expect(createTaskBody.parse({ title: 'Buy milk' })).toEqual({ title: 'Buy milk' })
    expect(createTaskBody.parse({ title: 'Buy milk', description: null })).toEqual({ title: 'Buy milk', description: null })
  })

  it('requires a title', () => {
    expect(problems(createTaskBody, {})).toEqual(['title: must be a string'])
  })

  it('refuses a title that is empty or only whitespace', () => {
    expect(problems(createTaskBody, { title: '' })).toEqual(['title: must not be empty'])
    expect(problems(createTaskBody, { title: ' \t\n ' })).toEqual(['title: must not be empty'])
  })

  it(`accepts a title of exactly ${TITLE_MAX} characters and refuses one more`, () => {
    expect(TITLE_MAX).toBe(200)
    expect(createTaskBody.parse({ title: 'x'.repeat(200) }).title).toHaveLength(200)
    expect(problems(createTaskBody, { title: 'x'.repeat(201) })).toEqual(['title: must be at most 200 characters'])
  })

  it('measures the title after trimming', () => {
    expect(createTaskBody.parse({ title: `  ${'x'.repeat(200)}  ` }).title).toHaveLength(200)
  })

  it('refuses a title that is not a string', () => {
    expect(problems(createTaskBody, { title: 42 })).toEqual(['title: must be a string'])
    expect(problems(createTaskBody, { title: null })).toEqual(['title: must be a string'])
  })

  it(`accepts a description of exactly ${DESCRIPTION_MAX} characters and refuses one more`, () => {
    expect(DESCRIPTION_MAX).toBe(1000)
    expect(createTaskBody.parse({ title: 't', description: 'd'.repeat(1000) }).description).toHaveLength(1000)
    expect(problems(createTaskBody, { title: 't', description: 'd'.repeat(1001) })).toEqual(['description: must be at most 1000 characters'])
  })

  it('refuses a description that is neither a string nor null', () => {
    expect(problems(createTaskBody, { title: 't', description: 7 })).toEqual(['description: must be a string or null'])
  })

  it('refuses unknown fields, including ones a client might hope to set', () => {
    const result = createTaskBody.safeParse({ title: 't', user_id: 'someone-else', completed: true })
    expect(result.success).toBe(false)
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['user_id', 'completed'] })])
  })

  it('refuses a body that is not an object', () => {
    for (const body of [null, [], 'title', 1]) expect(createTaskBody.safeParse(body).success).toBe(false)
  })
})

describe('updateTaskBody', () => {
  it('accepts title, description and completed, trimming the title', () => {
    expect(updateTaskBody.parse({ title: ' Done ', description: null, completed: true })).toEqual({ title: 'Done', description: null, completed: true })
  })

  it('leaves completed out when it is not sent', () => {
    expect(updateTaskBody.parse({ title: 'Done' })).not.toHaveProperty('completed')
  })

  it('requires completed to be a boolean, not a string or number', () => {
    expect(problems(updateTaskBody, { title: 't', completed: 'true' })).toEqual(['completed: must be true or false'])
    expect(problems(updateTaskBody, { title: 't', completed: 1 })).toEqual(['completed: must be true or false'])
  })

  it('still requires a title and refuses unknown fields', () => {
    expect(problems(updateTaskBody, { completed: false })).toEqual(['title: must be a string'])
    expect(updateTaskBody.safeParse({ title: 't', id: '00000000-0000-4000-8000-000000000000' }).success).toBe(false)
  })
})

describe('completeTaskBody', () => {
  it('accepts an empty object (toggle) or a boolean completed (set)', () => {
    expect(completeTaskBody.parse({})).toEqual({})
    expect(completeTaskBody.parse({ completed: false })).toEqual({ completed: false })
  })

  it('refuses a non-boolean completed and unknown fields', () => {
    expect(problems(completeTaskBody, { completed: 'yes' })).toEqual(['completed: must be true or false'])
    expect(completeTaskBody.safeParse({ completed: true, title: 'x' }).success).toBe(false)
  })
})

describe('completeAllTasksBody', () => {
  it('takes completed, with status defaulting to all', () => {
    expect(completeAllTasksBody.parse({ completed: true })).toEqual({ completed: true, status: 'all' })
    expect(completeAllTasksBody.parse({ completed: false, status: 'completed' })).toEqual({ completed: false, status: 'completed' })
  })

  it('requires completed, as a boolean', () => {
    expect(problems(completeAllTasksBody, {})).toEqual(['completed: must be true or false'])
    expect(problems(completeAllTasksBody, { completed: 'true' })).toEqual(['completed: must be true or false'])
    expect(problems(completeAllTasksBody, { completed: null })).toEqual(['completed: must be true or false'])
  })

  it('refuses a status it does not know, and unknown fields such as another owner', () => {
    expect(problems(completeAllTasksBody, { completed: true, status: 'done' })[0]).toMatch(/^status: /)
    const result = completeAllTasksBody.safeParse({ completed: true, user_id: 'someone-else' })
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['user_id'] })])
  })

  it('refuses a body that is not an object', () => {
    for (const body of [null, [], true, 'all']) expect(completeAllTasksBody.safeParse(body).success).toBe(false)
  })
})

describe('taskListFilter, shared by the list query and the bulk actions', () => {
  it('gives both the same fields, defaults and statuses', () => {
    const filterFields = Object.keys(taskListFilter.shape)
    expect(Object.keys(listTasksQuery.shape)).toEqual(expect.arrayContaining(filterFields))
    expect(Object.keys(completeAllTasksBody.shape)).toEqual(expect.arrayContaining(filterFields))
    expect(taskListFilter.parse({})).toEqual({ status: 'all' })
    for (const status of TASK_STATUSES) {
      expect(listTasksQuery.parse({ status }).status).toBe(status)
      expect(completeAllTasksBody.parse({ completed: true, status }).status).toBe(status)
    }
  })
})

describe('clearCompletedTasksBody', () => {
  it('accepts only an empty object', () => {
    expect(clearCompletedTasksBody.parse({})).toEqual({})
    expect(clearCompletedTasksBody.safeParse({ status: 'all' }).success).toBe(false)
    for (const body of [null, [], 'x']) expect(clearCompletedTasksBody.safeParse(body).success).toBe(false)
  })
})

describe('listTasksQuery', () => {
  it('defaults to every task, newest first, 50 at a time', () => {
    expect(listTasksQuery.parse({})).toEqual({ status: 'all', sort: 'created_at', order: 'desc', limit: 50 })
  })

  it('reads the limit from its string form and keeps the chosen options', () => {
    expect(listTasksQuery.parse({ status: 'pending', sort: 'title', order: 'asc', limit: '10', cursor: 'abc' })).toEqual({
      status: 'pending',
      sort: 'title',
      order: 'asc',
      limit: 10,
      cursor: 'abc',
    })
  })

  it('accepts limits from 1 to 100', () => {
    expect(listTasksQuery.parse({ limit: '1' }).limit).toBe(1)
    expect(listTasksQuery.parse({ limit: '100' }).limit).toBe(100)
  })

  it.each(['0', '101', '-1', 'abc', '2.5', ''])('refuses limit=%j', (limit) => {
    const failures = problems(listTasksQuery, { limit })
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatch(/^limit: /)
  })

  it('refuses a status, sort or order it does not know', () => {
    expect(problems(listTasksQuery, { status: 'done' })[0]).toMatch(/^status: /)
    expect(problems(listTasksQuery, { sort: 'id' })[0]).toMatch(/^sort: /)
    expect(problems(listTasksQuery, { order: 'up' })[0]).toMatch(/^order: /)
  })

  it('refuses unknown query parameters', () => {
    const result = listTasksQuery.safeParse({ page: '2' })
    expect(result.success).toBe(false)
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['page'] })])
  })

  it('refuses a cursor longer than 1024 characters', () => {
    expect(problems(listTasksQuery, { cursor: 'c'.repeat(1025) })[0]).toMatch(/^cursor: /)
  })
})
