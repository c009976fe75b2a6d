import { describe, expect, it } from 'vitest'
import { matchesSearch } from './search-match'

describe('the browser’s guess at what a search finds', () => {
  const task = { title: 'Buy milk', description: 'Crème brûlée for Zoë' }

  it('finds a task whose words start with every word searched, in the title or the description', () => {
    expect(matchesSearch(task, 'buy mil')).toBe(true)
    expect(matchesSearch(task, 'MILK creme')).toBe(true)
    expect(matchesSearch(task, 'zoe')).toBe(true)
    expect(matchesSearch(task, 'brûl')).toBe(true)
  })

  it('does not find it when one word is missing, or found only inside a word', () => {
    expect(matchesSearch(task, 'buy bread')).toBe(false)
    expect(matchesSearch(task, 'ilk')).toBe(false)
  })

  it('finds every task when nothing is searched for', () => {
    expect(matchesSearch(task, '')).toBe(true)
    expect(matchesSearch(task, ' # ')).toBe(true)
    expect(matchesSearch({ title: 'x', description: null }, '')).toBe(true)
  })
})
