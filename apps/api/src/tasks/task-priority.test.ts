import { describe, expect, it } from 'vitest'
import { priorityOf, priorityRank } from './task-priority.ts'
import { TASK_PRIORITIES } from './task-schemas.ts'

describe('task priority', () => {
  it('stores none, low, medium and high as 0 to 3, the range the column’s check allows, so they sort by importance', () => {
    expect(TASK_PRIORITIES.map(priorityRank)).toEqual([0, 1, 2, 3])
  })

  it('reads each rank back as its word', () => {
    for (const priority of TASK_PRIORITIES) expect(priorityOf(priorityRank(priority))).toBe(priority)
  })

  it('throws on a rank no priority has, rather than sending a word the contract does not list', () => {
    for (const rank of [-1, 4, 1.5]) expect(() => priorityOf(rank)).toThrow(`no priority has rank ${rank}`)
  })
})
