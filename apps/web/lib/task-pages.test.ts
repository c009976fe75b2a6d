import { describe, expect, it } from 'vitest'
import { adjustCounts, appendPage, matchesFilter, replaceTask, restoreTask } from './task-list'
import type { Task } from '@tasklane/api/contract'

const task = (id: string, completed = false): Task => ({
  id,
  user_id: 'u1',
  title: `task ${id}`,
  description: null,
  completed,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
})

describe('task list bookkeeping', () => {
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

  it('replaces a task in place, or drops it when it leaves the filter', () => {
    const list = [task('a'), task('b')]
    expect(replaceTask(list, { ...task('b'), title: 'renamed' }, 'all').map((t) => t.title)).toEqual(['task a', 'renamed'])
    expect(replaceTask(list, task('b', true), 'pending').map((t) => t.id)).toEqual(['a'])
    expect(replaceTask(list, task('real'), 'all', 'a').map((t) => t.id)).toEqual(['real', 'b'])
  })

  it('restores a task where it was, once', () => {
    const list = [task('a'), task('c')]
    const restored = restoreTask(list, task('b'), 1)
    expect(restored.map((t) => t.id)).toEqual(['a', 'b', 'c'])
    expect(restoreTask(restored, task('b'), 0)).toBe(restored)
    expect(restoreTask([], task('z'), 5).map((t) => t.id)).toEqual(['z'])
  })

  it('appends a page without duplicating tasks already shown', () => {
    expect(appendPage([task('a'), task('b')], [task('b'), task('c')]).map((t) => t.id)).toEqual(['a', 'b', 'c'])
  })
})
