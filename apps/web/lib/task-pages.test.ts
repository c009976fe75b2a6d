import { describe, expect, it } from 'vitest'
import {
  adjustCounts,
  cachedTasks,
  changedByCompleteAll,
  clearCompletions,
  completionsByCompleteAll,
  markAllTarget,
  matchesFilter,
  moveCompletions,
  placeTask,
  removeTask,
  type TaskPages,
} from './task-pages'
import type { Task } from '@tasklane/api/contract'

// Ids and times chosen so the api's order (created_at desc, then id desc) is d, c, b, a.
// Only the fields the bookkeeping reads; the api's task has more (and gains more), which it carries along untouched.
const task = (id: string, completed = false) =>
  ({
    id,
    user_id: 'u1',
    title: `task ${id}`,
    description: null,
    completed,
    created_at: `2026-01-01T00:00:0${'abcdefgh'.indexOf(id)}.000Z`,
    updated_at: '2026-01-01T00:00:00.000Z',
  }) as Task

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

describe('mark all and clear completed bookkeeping', () => {
  it('marks all complete while any task the filter shows is not, and active again once all are', () => {
    expect(markAllTarget({ all: 3, pending: 1, completed: 2 }, 'all')).toBe(true)
    expect(markAllTarget({ all: 3, pending: 0, completed: 3 }, 'all')).toBe(false)
    expect(markAllTarget({ all: 3, pending: 1, completed: 2 }, 'pending')).toBe(true)
    // A list of completed tasks is all completed: mark all makes them active again.
    expect(markAllTarget({ all: 3, pending: 1, completed: 2 }, 'completed')).toBe(false)
  })

  it('offers nothing to mark when the filter shows no task', () => {
    expect(markAllTarget({ all: 0, pending: 0, completed: 0 }, 'all')).toBeNull()
    expect(markAllTarget({ all: 2, pending: 0, completed: 2 }, 'pending')).toBeNull()
    expect(markAllTarget({ all: 2, pending: 2, completed: 0 }, 'completed')).toBeNull()
  })

  it('lists each cached task once, from whichever list holds it', () => {
    const all = pagesOf({ ids: ['d', 'c'], next: 'x' }, { ids: ['b'], next: null })
    const pending = pagesOf({ ids: ['c', 'a'], next: null })
    expect(cachedTasks([all, undefined, pending]).map((item) => item.id)).toEqual(['d', 'c', 'b', 'a'])
  })

  it('changes only the tasks the filter matches that are not in that state yet', () => {
    const tasks = [task('a'), task('b', true), task('c')]
    expect(changedByCompleteAll(tasks, 'all', true).map((item) => item.id)).toEqual(['a', 'c'])
    expect(changedByCompleteAll(tasks, 'pending', true).map((item) => item.id)).toEqual(['a', 'c'])
    expect(changedByCompleteAll(tasks, 'completed', true)).toEqual([])
    expect(changedByCompleteAll(tasks, 'all', false).map((item) => item.id)).toEqual(['b'])
    expect(changedByCompleteAll(tasks, 'completed', false).map((item) => item.id)).toEqual(['b'])
    expect(changedByCompleteAll(tasks, 'pending', false)).toEqual([])
  })

  it('moves counts as complete-all moves tasks, and back exactly', () => {
    const counts = { all: 5, pending: 2, completed: 3 }
    for (const status of ['all', 'pending', 'completed'] as const) {
      for (const completed of [true, false]) {
        const moved = completionsByCompleteAll(counts, status, completed)
        const after = moveCompletions(counts, moved)
        expect(after.all).toBe(5)
        expect(after.pending + after.completed).toBe(5)
        expect(moveCompletions(after, -moved)).toEqual(counts)
      }
    }
    expect(moveCompletions(counts, completionsByCompleteAll(counts, 'all', true))).toEqual({ all: 5, pending: 0, completed: 5 })
    expect(moveCompletions(counts, completionsByCompleteAll(counts, 'pending', true))).toEqual({ all: 5, pending: 0, completed: 5 })
    expect(moveCompletions(counts, completionsByCompleteAll(counts, 'completed', false))).toEqual({ all: 5, pending: 5, completed: 0 })
    expect(moveCompletions(counts, completionsByCompleteAll(counts, 'all', false))).toEqual({ all: 5, pending: 5, completed: 0 })
    expect(completionsByCompleteAll(counts, 'pending', false)).toBe(0)
    expect(completionsByCompleteAll(counts, 'completed', true)).toBe(0)
  })

  it('takes cleared tasks out of the counts, and puts them back exactly', () => {
    const counts = { all: 5, pending: 2, completed: 3 }
    const cleared = clearCompletions(counts, counts.completed)
    expect(cleared).toEqual({ all: 2, pending: 2, completed: 0 })
    expect(clearCompletions(cleared, -counts.completed)).toEqual(counts)
  })

  it('keeps a search’s list and counts to the tasks it finds', () => {
    const searched = { status: 'all', view: 'all', sort: 'created', q: 'milk', today: null, list: null } as const
    expect(matchesFilter({ ...task('a'), title: 'Buy milk' }, searched)).toBe(true)
    expect(matchesFilter(task('a'), searched)).toBe(false)
    const counts = { all: 1, pending: 1, completed: 0 }
    expect(adjustCounts(counts, null, task('n'), null, 'milk')).toEqual(counts)
    expect(adjustCounts(counts, null, { ...task('n'), title: 'Milk' }, null, 'milk')).toEqual({ all: 2, pending: 2, completed: 0 })
  })

  it('in the user’s own order, keeps a changed task in its place and puts a new one on top', () => {
    const own = { status: 'all', view: 'all', sort: 'position', q: '', today: null, list: null } as const
    const pages = pagesOf({ ids: ['b', 'd', 'a'], next: null })
    expect(idsOf(placeTask(pages, { ...task('d'), title: 'renamed' }, own))).toEqual([['b', 'd', 'a']])
    expect(placeTask(pages, { ...task('d'), title: 'renamed' }, own).pages[0]?.tasks[1]?.title).toBe('renamed')
    expect(idsOf(placeTask(pages, task('c'), own))).toEqual([['c', 'b', 'd', 'a']])
    expect(idsOf(placeTask(pages, task('d', true), { ...own, status: 'pending' }))).toEqual([['b', 'a']])
  })

  it('keeps one list’s listing and counts to its tasks: a task moved to another list leaves it', () => {
    const inGroceries = { status: 'all', view: 'all', sort: 'created', q: '', today: null, list: 'groceries' } as const
    const inInbox = { ...inGroceries, list: 'inbox' } as const
    const everything = { ...inGroceries, list: null } as const
    const bread = { ...task('b'), list_id: 'groceries' }
    const inboxTask = { ...task('i'), list_id: null }
    expect(matchesFilter(bread, inGroceries)).toBe(true)
    expect(matchesFilter(inboxTask, inGroceries)).toBe(false)
    expect(matchesFilter(inboxTask, inInbox)).toBe(true)
    expect(matchesFilter(bread, inInbox)).toBe(false)
    expect(matchesFilter(bread, everything) && matchesFilter(inboxTask, everything)).toBe(true)
    const pages = pagesOf({ ids: ['b'], next: null })
    pages.pages[0] = { ...pages.pages[0]!, tasks: [bread] }
    expect(idsOf(placeTask(pages, { ...bread, list_id: 'work' }, inGroceries))).toEqual([[]])
    expect(idsOf(placeTask(pages, { ...bread, list_id: 'work' }, { ...inGroceries, sort: 'position' }))).toEqual([[]])
    const counts = { all: 1, pending: 1, completed: 0 }
    // A new task in another list leaves this list's counts alone; one moved here from elsewhere adds to them.
    expect(adjustCounts(counts, null, { ...inboxTask }, null, '', 'groceries')).toEqual(counts)
    expect(adjustCounts(counts, inboxTask, { ...inboxTask, list_id: 'groceries' }, null, '', 'groceries')).toEqual({ all: 2, pending: 2, completed: 0 })
    expect(adjustCounts(counts, inboxTask, { ...inboxTask, list_id: 'groceries' }, null, '', null)).toEqual(counts)
  })
})
