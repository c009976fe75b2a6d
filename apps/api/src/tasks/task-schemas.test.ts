import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  calendarDay,
  clearCompletedTasksBody,
  completeAllTasksBody,
  completeTaskBody,
  countTasksQuery,
  createTaskBody,
  DESCRIPTION_MAX,
  listTasksQuery,
  moveTaskBody,
  patchTaskBody,
  TASK_STATUSES,
  TASK_VIEWS,
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

  it('takes a due day and a priority, or neither', () => {
    expect(createTaskBody.parse({ title: 't', due_on: '2026-03-14', priority: 'high' })).toEqual({ title: 't', due_on: '2026-03-14', priority: 'high' })
    expect(createTaskBody.parse({ title: 't', due_on: null })).toEqual({ title: 't', due_on: null })
    expect(problems(createTaskBody, { title: 't', due_on: '2026-02-30' })).toEqual(['due_on: must be a calendar day, YYYY-MM-DD, in the years 0001–9999'])
    expect(problems(createTaskBody, { title: 't', priority: 'urgent' })).toEqual(['priority: must be one of none, low, medium, high'])
    expect(problems(createTaskBody, { title: 't', priority: 3 })).toEqual(['priority: must be one of none, low, medium, high'])
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

describe('updateTaskBody, for PUT', () => {
  it('leaves due_on and priority out when they are not sent, so the stored ones are kept', () => {
    const parsed = updateTaskBody.parse({ title: 't' })
    expect(parsed).not.toHaveProperty('due_on')
    expect(parsed).not.toHaveProperty('priority')
  })

  it('takes due_on (null clears it) and priority when sent', () => {
    expect(updateTaskBody.parse({ title: 't', due_on: null, priority: 'none' })).toEqual({ title: 't', due_on: null, priority: 'none' })
    expect(problems(updateTaskBody, { title: 't', due_on: '14/03/2026' })).toEqual(['due_on: must be a calendar day, YYYY-MM-DD, in the years 0001–9999'])
  })
})

describe('patchTaskBody', () => {
  it('takes any non-empty subset of the fields, each checked as in PUT', () => {
    expect(patchTaskBody.parse({ due_on: null })).toEqual({ due_on: null })
    expect(patchTaskBody.parse({ priority: 'low', completed: true })).toEqual({ priority: 'low', completed: true })
    expect(patchTaskBody.parse({ title: '  t  ', description: null })).toEqual({ title: 't', description: null })
    expect(problems(patchTaskBody, { title: ' ' })).toEqual(['title: must not be empty'])
    expect(problems(patchTaskBody, { due_on: '2026-02-29' })).toEqual(['due_on: must be a calendar day, YYYY-MM-DD, in the years 0001–9999'])
  })

  it('refuses an empty object, which would change nothing', () => {
    expect(problems(patchTaskBody, {})).toEqual([': must name at least one field to change'])
  })

  it('refuses an unknown field for what it is, not also as an empty change', () => {
    expect(patchTaskBody.safeParse({ owner: 'me' }).error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['owner'] })])
  })

  it('refuses unknown fields and nulls where a value is needed', () => {
    expect(patchTaskBody.safeParse({ user_id: 'someone-else' }).success).toBe(false)
    expect(problems(patchTaskBody, { title: null })).toEqual(['title: must be a string'])
    expect(problems(patchTaskBody, { priority: null })).toEqual(['priority: must be one of none, low, medium, high'])
    expect(problems(patchTaskBody, { completed: null })).toEqual(['completed: must be true or false'])
  })
})

describe('calendarDay', () => {
  it.each(['2026-03-14', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])('accepts %s', (day) => {
    expect(calendarDay.parse(day)).toBe(day)
  })

  it.each([
    ['a day February does not have', '2026-02-30'],
    ['29 February in a common year', '2026-02-29'],
    ['29 February in a century that is not a leap year', '2100-02-29'],
    ['month 13', '2026-13-01'],
    ['day 0', '2026-03-00'],
    ['year 0, which PostgreSQL has not', '0000-01-01'],
    ['a five-digit year', '10000-01-01'],
    ['a negative year', '-0001-01-01'],
    ['no leading zeros', '2026-3-4'],
    ['a time', '2026-03-14T00:00:00Z'],
    ['spaces', ' 2026-03-14'],
    ['a word PostgreSQL reads as a date', 'today'],
    ['a number', 20260314],
  ])('refuses %s', (_name, day) => {
    expect(problems(calendarDay, day)).toEqual([': must be a calendar day, YYYY-MM-DD, in the years 0001–9999'])
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
  it('takes completed, with status and view defaulting to all', () => {
    expect(completeAllTasksBody.parse({ completed: true })).toEqual({ completed: true, status: 'all', view: 'all' })
    expect(completeAllTasksBody.parse({ completed: false, status: 'completed' })).toEqual({ completed: false, status: 'completed', view: 'all' })
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
  it('gives both the same fields, defaults, statuses and views', () => {
    const filterFields = Object.keys(taskListFilter.shape)
    expect(filterFields).toEqual(['status', 'view', 'today', 'q', 'list'])
    expect(Object.keys(listTasksQuery.shape)).toEqual(expect.arrayContaining(filterFields))
    expect(Object.keys(completeAllTasksBody.shape)).toEqual(expect.arrayContaining(filterFields))
    expect(taskListFilter.parse({})).toEqual({ status: 'all', view: 'all' })
    for (const status of TASK_STATUSES) {
      expect(listTasksQuery.parse({ status }).status).toBe(status)
      expect(completeAllTasksBody.parse({ completed: true, status }).status).toBe(status)
    }
    for (const view of TASK_VIEWS) {
      expect(listTasksQuery.parse({ view, today: '2026-03-14' })).toMatchObject({ view, today: '2026-03-14' })
      expect(completeAllTasksBody.parse({ completed: true, view, today: '2026-03-14' })).toMatchObject({ view, today: '2026-03-14' })
    }
  })

  it.each(['today', 'upcoming', 'overdue'])('requires today for view=%s, in both, naming the field', (view) => {
    expect(problems(listTasksQuery, { view })).toEqual([`today: is required for view=${view}`])
    expect(problems(completeAllTasksBody, { completed: true, view })).toEqual([`today: is required for view=${view}`])
  })

  it('does not require today for all and no_date, and checks it whenever it is sent', () => {
    expect(listTasksQuery.parse({ view: 'no_date' })).not.toHaveProperty('today')
    expect(listTasksQuery.parse({ view: 'all', today: '2026-03-14' }).today).toBe('2026-03-14')
    expect(problems(listTasksQuery, { view: 'all', today: '2026-02-30' })).toEqual(['today: must be a calendar day, YYYY-MM-DD, in the years 0001–9999'])
    expect(problems(completeAllTasksBody, { completed: true, view: 'today', today: 'tomorrow' })).toEqual(['today: must be a calendar day, YYYY-MM-DD, in the years 0001–9999'])
    expect(problems(listTasksQuery, { view: 'someday' })[0]).toMatch(/^view: /)
  })
})

describe('q, the search, in the list query, "mark all" and the counts', () => {
  const schemas = [
    ['listTasksQuery', (q: unknown) => problems(listTasksQuery, { q })],
    ['completeAllTasksBody', (q: unknown) => problems(completeAllTasksBody, { completed: true, q })],
    ['countTasksQuery', (q: unknown) => problems(countTasksQuery, { q })],
  ] as const

  it('takes any text of up to 200 characters, as sent, and leaves it out when it is not sent', () => {
    for (const q of ['buy mil', '', '   ', 'x'.repeat(200), 'ça va 🍪 日本語', "o'neil & (x | !y):*"]) {
      expect(listTasksQuery.parse({ q }).q).toBe(q)
      expect(completeAllTasksBody.parse({ completed: true, q }).q).toBe(q)
      expect(countTasksQuery.parse({ q }).q).toBe(q)
    }
    expect(listTasksQuery.parse({})).not.toHaveProperty('q')
  })

  it.each(schemas)('refuses in %s a longer one, one with NUL or a lone surrogate, and one that is not text', (_name, check) => {
    expect(check('x'.repeat(201))).toEqual(['q: must be at most 200 characters'])
    expect(check('a\u0000b')).toEqual(['q: must be valid Unicode text without NUL characters'])
    expect(check('a\ud800b')).toEqual(['q: must be valid Unicode text without NUL characters'])
    expect(check(['a', 'b'])).toEqual(['q: must be a string'])
  })
})

describe('moveTaskBody', () => {
  const A = '3f1c2a8e-5b7d-4c1e-9a2f-6d8e0b4c7a15'
  const B = '7d9e0f1a-2b3c-4d5e-8f6a-7b8c9d0e1f2a'

  it('takes two neighbours, each a task id or null', () => {
    for (const body of [
      { before_id: A, after_id: B },
      { before_id: null, after_id: B },
      { before_id: A, after_id: null },
      { before_id: null, after_id: null },
    ]) expect(moveTaskBody.parse(body)).toEqual(body)
  })

  it('refuses a missing side, an id that is not a UUID, the same task on both sides, and unknown fields', () => {
    expect(problems(moveTaskBody, { before_id: A })).toEqual(['after_id: must be a task id or null'])
    expect(problems(moveTaskBody, { before_id: 'top', after_id: null })).toEqual(['before_id: must be a task id or null'])
    expect(problems(moveTaskBody, { before_id: A, after_id: A })).toEqual(['after_id: must not be the same task as before_id'])
    expect(problems(moveTaskBody, { before_id: null, after_id: null, position: 1 })[0]).toMatch(/position/)
  })
})

describe('clearCompletedTasksBody', () => {
  it('accepts only an empty object', () => {
    expect(clearCompletedTasksBody.parse({})).toEqual({})
    expect(clearCompletedTasksBody.safeParse({ status: 'all' }).success).toBe(false)
    for (const body of [null, [], 'x']) expect(clearCompletedTasksBody.safeParse(body).success).toBe(false)
  })
})

describe('countTasksQuery', () => {
  it('takes nothing, or a calendar day', () => {
    expect(countTasksQuery.parse({})).toEqual({})
    expect(countTasksQuery.parse({ today: '2026-03-14' })).toEqual({ today: '2026-03-14' })
    expect(problems(countTasksQuery, { today: '2026-02-30' })).toEqual(['today: must be a calendar day, YYYY-MM-DD, in the years 0001–9999'])
    expect(countTasksQuery.safeParse({ view: 'today' }).success).toBe(false)
  })
})

describe('listTasksQuery', () => {
  it('defaults to every task, 50 at a time, leaving the order to the view (task-listing.ts)', () => {
    expect(listTasksQuery.parse({})).toEqual({ status: 'all', view: 'all', limit: 50 })
  })

  it('reads the limit from its string form and keeps the chosen options', () => {
    expect(listTasksQuery.parse({ status: 'pending', sort: 'title', order: 'asc', limit: '10', cursor: 'abc' })).toEqual({
      status: 'pending',
      view: 'all',
      sort: 'title',
      order: 'asc',
      limit: 10,
      cursor: 'abc',
    })
    for (const sort of ['due_on', 'priority', 'position']) expect(listTasksQuery.parse({ sort }).sort).toBe(sort)
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
