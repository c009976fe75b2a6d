import { describe, expect, it } from 'vitest'
import { completedTasksText, tasksLeftText } from './task-counter'

describe('task counter text', () => {
  it('says task for one and tasks for every other number, zero included', () => {
    expect(tasksLeftText(0)).toBe('0 tasks left')
    expect(tasksLeftText(1)).toBe('1 task left')
    expect(tasksLeftText(2)).toBe('2 tasks left')
    expect(tasksLeftText(3)).toBe('3 tasks left')
    expect(tasksLeftText(11)).toBe('11 tasks left')
    expect(tasksLeftText(21)).toBe('21 tasks left')
  })

  it('groups thousands', () => {
    expect(tasksLeftText(1204)).toBe('1,204 tasks left')
  })

  it('names completed tasks the same way', () => {
    expect(completedTasksText(1)).toBe('1 completed task')
    expect(completedTasksText(4)).toBe('4 completed tasks')
  })
})
