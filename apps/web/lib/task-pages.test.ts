import { describe, expect, it } from 'vitest'
import { adjustCounts, matchesFilter, placeTask, removeTask, type TaskPages } from './task-pages'
import type { Task } from '@tasklane/api/contract'

// Ids and times chosen so the api's order (created_at desc, then id desc) is d, c, b, a.
const task = (id: string, completed = false): Task => ({
  id,
  user_id: 'u1',
  title: `task ${id}`,
  description: null,
  completed,
  created_at: `2026-01-01T00:00:0${'abcdefgh'.indexOf(id)}.000Z`,
  updated_at: '2026-01-01T00:00:00.000Z',
})

const pagesOf = (...pages: Array<{ ids: string[]; next: string | null }>): TaskPages => ({
  pages: pages.map(({ ids, next }) => ({ tasks: ids.map((id) => task(id)), next_cursor: next })),
  pageParams: pages.map((_, index) => (index === 0 ? null : `cursor-${index}`)),
})
const idsOf = (pages: TaskPages) => pages.pages.map((page) => page.tasks.map((item) => item.id))

describe('task pages bookkeeping', () => {
  it('matches filters', () => {
    expect(matchesFilter(task('a'), 'all')).toBe(true)
    expect(matchesFilter(task('a'), 'pending')).toBe(true)
    expect(matchesFilter(task('a'), 'completed')).toBe(false)
    expect(matchesFilter(task('a', true), 'completed')).toBe(true)
  })

  it('adjusts counts for create, toggle and delete, and undoes exactly', () => {
    const start = { all: 2, pending: 1, completed: 1 }
    const created = adjustCounts(start, null, task('n'))
    expect(created).toEqual({ all: 3, pending: 2, completed: 1 })
    const toggled = adjustCounts(created, task('n'), task('n', true))
    expect(toggled).toEqual({ all: 3, pending: 1, completed: 2 })
    expect(adjustCounts(toggled, task('n', true), null)).toEqual(start)
    expect(adjustCounts(toggled, task('n', true), task('n'))).toEqual(created)
  })

  it('replaces a task in its place, and drops it from a list it no longer matches', () => {
    const pages = pagesOf({ ids: ['d', 'c', 'b'], next: null })
    const renamed = placeTask(pages, { ...task('c'), title: 'renamed' }, 'all')
    expect(renamed.pages[0]?.tasks.map((item) => item.title)).toEqual(['task d', 'renamed', 'task b'])
    expect(idsOf(placeTask(pages, task('c', true), 'pending'))).toEqual([['d', 'b']])
  })

  it('puts a task back in the list order, across pages, or leaves it to "Load more"', () => {
    expect(idsOf(placeTask(pagesOf({ ids: ['d', 'b'], next: null }), task('c'), 'all'))).toEqual([['d', 'c', 'b']])
    expect(idsOf(placeTask(pagesOf({ ids: ['h', 'g'], next: 'x' }, { ids: ['e', 'd'], next: null }), task('f'), 'all'))).toEqual([['h', 'g'], ['f', 'e', 'd']])
    expect(idsOf(placeTask(pagesOf({ ids: ['d', 'c'], next: null }), task('a'), 'all'))).toEqual([['d', 'c', 'a']])
    // Older than everything loaded while more pages wait: it is on a page not loaded yet.
    expect(idsOf(placeTask(pagesOf({ ids: ['d', 'c'], next: 'x' }), task('a'), 'all'))).toEqual([['d', 'c']])
    expect(idsOf(placeTask(pagesOf({ ids: [], next: null }), task('a'), 'pending'))).toEqual([['a']])
  })

  it('puts a task in once, however often it is placed', () => {
    const pages = pagesOf({ ids: ['d', 'b'], next: null })
    expect(idsOf(placeTask(placeTask(pages, task('c'), 'all'), task('c'), 'all'))).toEqual([['d', 'c', 'b']])
  })

  it('removes a task from whichever page holds it', () => {
    expect(idsOf(removeTask(pagesOf({ ids: ['h', 'g'], next: 'x' }, { ids: ['e', 'd'], next: null }), 'e'))).toEqual([['h', 'g'], ['d']])
  })
})
