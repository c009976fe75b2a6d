import type { Task } from '@tasklane/api/contract'
import { describe, expect, it } from 'vitest'
import { moveInPages, neighboursOfMove } from './task-order'
import type { TaskPages } from './task-pages'

const ids = ['a', 'b', 'c', 'd']

const pagesOf = (...pages: string[][]): TaskPages => ({
  pages: pages.map((page, index) => ({ tasks: page.map((id) => ({ id, title: id }) as Task), next_cursor: index === pages.length - 1 ? null : `cursor-${index}` })),
  pageParams: pages.map((_, index) => (index === 0 ? null : `cursor-${index}`)),
})
const idsOf = (pages: TaskPages) => pages.pages.map((page) => page.tasks.map((task) => task.id))

describe('the neighbours of a move in the order shown', () => {
  it('names the tasks directly above and below the place the task is put', () => {
    // Down one: b goes between c and d.
    expect(neighboursOfMove(ids, 1, 2)).toEqual({ before_id: 'c', after_id: 'd' })
    // Up one: c goes between a and b.
    expect(neighboursOfMove(ids, 2, 1)).toEqual({ before_id: 'a', after_id: 'b' })
    // To the top and to the bottom: nothing on that side.
    expect(neighboursOfMove(ids, 3, 0)).toEqual({ before_id: null, after_id: 'a' })
    expect(neighboursOfMove(ids, 0, 3)).toEqual({ before_id: 'd', after_id: null })
    // A drag over several places.
    expect(neighboursOfMove(ids, 0, 2)).toEqual({ before_id: 'c', after_id: 'd' })
    expect(neighboursOfMove(ids, 3, 1)).toEqual({ before_id: 'a', after_id: 'b' })
  })

  it('is no move when the task stays or a place is outside the list', () => {
    expect(neighboursOfMove(ids, 2, 2)).toBeNull()
    expect(neighboursOfMove(ids, -1, 0)).toBeNull()
    expect(neighboursOfMove(ids, 0, 4)).toBeNull()
    expect(neighboursOfMove(['a'], 0, 0)).toBeNull()
  })

  it('agrees with the list as it looks after the move, for every move in a list of five', () => {
    const five = ['a', 'b', 'c', 'd', 'e']
    for (let from = 0; from < five.length; from++) {
      for (let to = 0; to < five.length; to++) {
        if (from === to) continue
        const after = five.filter((_, index) => index !== from)
        after.splice(to, 0, five[from] ?? '')
        expect(neighboursOfMove(five, from, to), `${from}→${to}`).toEqual({ before_id: after[to - 1] ?? null, after_id: after[to + 1] ?? null })
      }
    }
  })
})

describe('a move shown in a cached list', () => {
  it('puts the task below `before_id`, across pages, as the api places it', () => {
    expect(idsOf(moveInPages(pagesOf(['a', 'b'], ['c', 'd']), 'a', { before_id: 'c', after_id: 'd' }))).toEqual([['b'], ['c', 'a', 'd']])
    expect(idsOf(moveInPages(pagesOf(['a', 'b', 'c']), 'c', { before_id: null, after_id: 'a' }))).toEqual([['c', 'a', 'b']])
    expect(idsOf(moveInPages(pagesOf(['a', 'b', 'c']), 'a', { before_id: 'c', after_id: null }))).toEqual([['b', 'c', 'a']])
  })

  it('goes by `before_id` when the two neighbours disagree with the list (it changed meanwhile)', () => {
    expect(idsOf(moveInPages(pagesOf(['a', 'b', 'c', 'd']), 'd', { before_id: 'a', after_id: 'c' }))).toEqual([['a', 'd', 'b', 'c']])
  })

  it('places by `after_id` in a list without `before_id`, and leaves a list alone that has neither or not the task', () => {
    expect(idsOf(moveInPages(pagesOf(['b', 'c', 'x']), 'x', { before_id: 'a', after_id: 'b' }))).toEqual([['x', 'b', 'c']])
    expect(idsOf(moveInPages(pagesOf(['b', 'c', 'x']), 'x', { before_id: 'zz', after_id: 'c' }))).toEqual([['b', 'x', 'c']])
    const untouched = pagesOf(['b', 'c'])
    expect(moveInPages(untouched, 'x', { before_id: 'b', after_id: 'c' })).toBe(untouched)
    const without = pagesOf(['p', 'q', 'x'])
    expect(moveInPages(without, 'x', { before_id: 'a', after_id: 'b' })).toBe(without)
  })

  it('moves to the top when neither neighbour is named', () => {
    expect(idsOf(moveInPages(pagesOf(['a', 'b'], ['c']), 'c', { before_id: null, after_id: null }))).toEqual([['c', 'a', 'b'], []])
  })
})
