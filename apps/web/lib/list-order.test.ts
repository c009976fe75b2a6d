import type { TaskLists } from '@tasklane/api/contract'
import { describe, expect, it } from 'vitest'
import { listChoiceName, listIdForNewTask, moveListInOverview, neighboursOfList, pendingOfAll } from './list-order'

const counted = (id: string, pending: number) => ({ id, name: id.toUpperCase(), created_at: '', updated_at: '', counts: { all: pending + 1, pending } })
const overview: TaskLists = { inbox: { counts: { all: 4, pending: 3 } }, lists: [counted('a', 1), counted('b', 2), counted('c', 0), counted('d', 5)] }
const order = (lists: TaskLists) => lists.lists.map((list) => list.id)

describe('the lists in the user’s order', () => {
  it('moves a list below `before_id`, else above `after_id`, else to the top, as the api does', () => {
    expect(order(moveListInOverview(overview, 'a', { before_id: 'c', after_id: 'd' }))).toEqual(['b', 'c', 'a', 'd'])
    expect(order(moveListInOverview(overview, 'd', { before_id: null, after_id: 'b' }))).toEqual(['a', 'd', 'b', 'c'])
    expect(order(moveListInOverview(overview, 'c', { before_id: null, after_id: null }))).toEqual(['c', 'a', 'b', 'd'])
    expect(order(moveListInOverview(overview, 'b', { before_id: 'd', after_id: null }))).toEqual(['a', 'c', 'd', 'b'])
    // A neighbour it does not know (deleted meanwhile): the top, as the api would refuse it and the rollback put it back.
    expect(moveListInOverview(overview, 'x', { before_id: 'a', after_id: null })).toBe(overview)
  })

  it('names the neighbours a list has, and moving it back to them undoes a move', () => {
    expect(neighboursOfList(overview, 'b')).toEqual({ before_id: 'a', after_id: 'c' })
    expect(neighboursOfList(overview, 'a')).toEqual({ before_id: null, after_id: 'b' })
    const moved = moveListInOverview(overview, 'b', { before_id: 'd', after_id: null })
    expect(order(moveListInOverview(moved, 'b', neighboursOfList(overview, 'b')))).toEqual(order(overview))
  })

  it('counts what is left to do everywhere for All tasks, and names each choice', () => {
    expect(pendingOfAll(overview)).toBe(3 + 1 + 2 + 0 + 5)
    expect(listChoiceName(overview, null)).toBe('All tasks')
    expect(listChoiceName(overview, 'inbox')).toBe('Inbox')
    expect(listChoiceName(overview, 'c')).toBe('C')
    expect(listChoiceName(overview, 'gone')).toBeNull()
  })

  it('puts a new task in the list being viewed, and in the Inbox from All tasks or the Inbox', () => {
    expect(listIdForNewTask('c')).toBe('c')
    expect(listIdForNewTask('inbox')).toBeNull()
    expect(listIdForNewTask(null)).toBeNull()
  })
})
