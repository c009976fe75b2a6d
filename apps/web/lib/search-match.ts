import { searchOf } from './task-filter-url'

// Letters lose their accents and case, as PostgreSQL's `unaccent` and `lower` fold them for the api's search.
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
const wordsOf = (text: string) => fold(text).match(/[\p{L}\p{N}]+/gu) ?? []

/**
 * Whether the api's search for `q` would find `task`, as near as the browser can tell: every word of the search starts a
 * word of the title or description, case and accents aside. Used only to place a change in a cached search's list and
 * counts at once; the refetch after every change brings the api's own answer (its parser splits a few words otherwise).
 */
export function matchesSearch(task: { title?: string; description?: string | null }, q: string): boolean {
  const terms = wordsOf(searchOf(q))
  if (terms.length === 0) return true
  const words = wordsOf(`${task.title ?? ''} ${task.description ?? ''}`)
  return terms.every((term) => words.some((word) => word.startsWith(term)))
}
