import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningService, type TestUser, apiCall, signUp, startApi, startAuth } from '../support/test-stack.ts'
import { mapWithConcurrency } from './map-with-concurrency.ts'
import type { Task } from '@tasklane/api/contract'

/**
 * Hostile input (docs/security.md): a cross-user matrix. Four users with two tasks each; every user acts on every other
 * user's tasks over every route and method, (a) under the victim's user id and (b) under the actor's own id with
 * the victim's task id. Every answer must be 403 or 404, no answer may carry a byte of a victim's data, and every
 * victim's tasks must be exactly as created afterwards.
 */


interface Member {
  name: string
  user: TestUser
  tasks: Task[]
}

interface Attempt {
  actor: Member
  victim: Member
  variant: 'victim-path' | 'own-path'
  method: string
  path: string
  body?: unknown
}

const USERS = ['ada', 'bert', 'cleo', 'dev']
/**
 * The bulk routes, each with bodies that succeed on one's own path (the last test here checks that): with one pending
 * and one completed task per user, any of them reaching a victim would change or delete a task.
 */
const BULK_ACTIONS: readonly (readonly [path: string, body: unknown])[] = [
  ['complete-all', { completed: true }],
  ['complete-all', { completed: false, status: 'completed' }],
  ['clear-completed', undefined],
  ['clear-completed', {}],
  // The date views: the pending task has a due day and the completed one has none, so each of these reaches one.
  ['complete-all', { completed: true, view: 'overdue', today: '9999-12-31' }],
  ['complete-all', { completed: false, view: 'no_date', status: 'completed' }],
]
const CONCURRENCY = 8
const RUN = randomBytes(4).toString('hex')

let auth: RunningService
let api: RunningService
let members: Member[] = []

beforeAll(async () => {
  auth = await startAuth()
  api = await startApi(auth.url)
  members = await Promise.all(
    USERS.map(async (name) => {
      const user = await signUp(auth.url)
      const call = apiCall(api.url, user.cookie)
      const tasks: Task[] = []
      for (const n of [1, 2]) {
        // The pending one has a due day and a priority, so a write that reached it would show in those too.
        const dated = n === 1 ? { due_on: '2026-03-14', priority: 'high' } : {}
        const created = await call('POST', `/api/${user.userId}/tasks`, { title: `${name}-title-${n}-${RUN}`, description: `${name}-description-${n}-${RUN}`, ...dated })
        expect(created.status).toBe(201)
        tasks.push((await created.json()) as Task)
      }
      // The second task completed, so a toggle or a set would show either way.
      const completed = await call('PATCH', `/api/${user.userId}/tasks/${tasks[1]?.id}/complete`, { completed: true })
      expect(completed.status).toBe(200)
      tasks[1] = (await completed.json()) as Task
      return { name, user, tasks }
    }),
  )
})
afterAll(async () => {
  await api?.close()
  await auth?.close()
})

function attempts(): Attempt[] {
  const all: Attempt[] = []
  for (const actor of members) {
    for (const victim of members) {
      if (actor === victim) continue
      const add = (variant: Attempt['variant'], method: string, path: string, body?: unknown) => all.push({ actor, victim, variant, method, path, body })
      const victimBase = `/api/${victim.user.userId}/tasks`
      const ownBase = `/api/${actor.user.userId}/tasks`
      // (a) The victim's user id in the path: the list routes, then every task route on each of the victim's tasks.
      add('victim-path', 'GET', victimBase)
      add('victim-path', 'HEAD', victimBase)
      add('victim-path', 'GET', `${victimBase}?status=completed&sort=title&order=asc&limit=1`)
      add('victim-path', 'POST', victimBase, { title: `${actor.name}-intrusion-${RUN}` })
      add('victim-path', 'GET', `${victimBase}?view=overdue&today=2026-03-15&sort=due_on&order=asc`)
      add('victim-path', 'GET', `${victimBase}/counts`)
      add('victim-path', 'GET', `${victimBase}/counts?today=2026-03-14`)
      // The live-update stream: refused before it opens, so nothing of the victim's changes can flow.
      add('victim-path', 'GET', `${victimBase}/events`)
      add('victim-path', 'HEAD', `${victimBase}/events`)
      for (const [path, body] of BULK_ACTIONS) add('victim-path', 'POST', `${victimBase}/${path}`, body)
      for (const task of victim.tasks) {
        const taskRoutes = (base: string, variant: Attempt['variant']) => {
          add(variant, 'GET', `${base}/${task.id}`)
          add(variant, 'HEAD', `${base}/${task.id}`)
          add(variant, 'PUT', `${base}/${task.id}`, { title: `${actor.name}-hijack-${RUN}`, description: null, completed: !task.completed })
          add(variant, 'PATCH', `${base}/${task.id}`, { title: `${actor.name}-hijack-${RUN}`, due_on: null, priority: 'none', completed: !task.completed })
          add(variant, 'PATCH', `${base}/${task.id}/complete`)
          add(variant, 'PATCH', `${base}/${task.id}/complete`, { completed: !task.completed })
          add(variant, 'POST', `${base}/${task.id}/move`, { before_id: null, after_id: null })
          add(variant, 'DELETE', `${base}/${task.id}`)
        }
        taskRoutes(victimBase, 'victim-path')
        // (b) One's own user id with the victim's task id.
        taskRoutes(ownBase, 'own-path')
        // (c) One's own task moved next to the victim's: a neighbour of another user is a task that is not there.
        const own = actor.tasks[0]?.id
        add('own-path', 'POST', `${ownBase}/${own}/move`, { before_id: task.id, after_id: null })
        add('own-path', 'POST', `${ownBase}/${own}/move`, { before_id: null, after_id: task.id })
      }
    }
  }
  return all
}

describe('cross-user matrix: 4 users × every other user × every route and method', () => {
  it("answers 403 or 404 to every attempt, with no byte of any victim's data in any body or header", async () => {
    const matrix = attempts()
    const secrets = (member: Member) => [member.user.userId, member.user.email, ...member.tasks.flatMap((task) => [task.id, task.title, task.description ?? ''])].filter((secret) => secret !== '')
    const results = await mapWithConcurrency(matrix, CONCURRENCY, async (attempt) => {
      const response = await apiCall(api.url, attempt.actor.user.cookie)(attempt.method, attempt.path, attempt.body)
      const text = await response.text()
      const headers: string[] = []
      response.headers.forEach((value, name) => headers.push(`${name}: ${value}`))
      return { attempt, status: response.status, text, headers: headers.join('\n'), requestId: response.headers.get('x-request-id') }
    })

    const byStatus: Record<string, number> = {}
    const failures: string[] = []
    for (const { attempt, status, text, headers, requestId } of results) {
      const label = `${attempt.actor.name} → ${attempt.victim.name} ${attempt.variant} ${attempt.method} ${attempt.path}`
      byStatus[status] = (byStatus[status] ?? 0) + 1
      if (status !== 403 && status !== 404) failures.push(`${label}: ${status} ${text.slice(0, 200)}`)
      // Every other user's data, not only the victim's: the path must not reach a third user's either.
      for (const other of members.filter((member) => member !== attempt.actor)) {
        // The victim's user id and task id are in the request path; the answer must not echo them back.
        const leaked = secrets(other).filter((secret) => text.includes(secret) || headers.includes(secret))
        if (leaked.length > 0) failures.push(`${label}: ${status} carries ${other.name}'s ${leaked.join(', ')}`)
      }
      const errorBody = /^\{"error_code":"(FORBIDDEN|TASK_NOT_FOUND)","message":"[^"]*","detail":null,"request_id":"([^"]*)"\}$/.exec(text)
      if (attempt.method !== 'HEAD' && (!errorBody || errorBody[2] !== requestId)) {
        failures.push(`${label}: not a FORBIDDEN/TASK_NOT_FOUND error body with this request's id: ${text.slice(0, 200)}`)
      }
      if (attempt.variant === 'victim-path' && status !== 403) failures.push(`${label}: another user's path must be 403 before any query, got ${status}`)
    }
    process.stdout.write(
      `${JSON.stringify({ suite: 'cross-user-matrix', users: members.length, orderedPairs: members.length * (members.length - 1), requests: results.length, byStatus, failures: failures.length })}\n`,
    )
    expect(failures).toEqual([])
    expect(results.length).toBe(12 * (9 + BULK_ACTIONS.length + 2 * (2 * 8 + 2)))
  })

  it('leaves every task of every user exactly as created (full JSON), and the counts unchanged', async () => {
    for (const member of members) {
      const call = apiCall(api.url, member.user.cookie)
      const list = await call('GET', `/api/${member.user.userId}/tasks?sort=title&order=asc`)
      expect(list.status).toBe(200)
      expect(await list.json()).toEqual({ tasks: member.tasks, next_cursor: null })
      for (const task of member.tasks) expect(await (await call('GET', `/api/${member.user.userId}/tasks/${task.id}`)).json()).toEqual(task)
      // The own order as created, newest first: no move reached it, from another user or next to another user's task.
      expect(((await (await call('GET', `/api/${member.user.userId}/tasks?sort=position`)).json()) as { tasks: Task[] }).tasks.map((task) => task.id)).toEqual(
        [...member.tasks].reverse().map((task) => task.id),
      )
      expect(await (await call('GET', `/api/${member.user.userId}/tasks/counts`)).json()).toEqual({ all: 2, pending: 1, completed: 1 })
      expect(await (await call('GET', `/api/${member.user.userId}/tasks/counts?today=2026-03-14`)).json()).toEqual({ all: 2, pending: 1, completed: 1, today: 1, upcoming: 0, overdue: 0, no_date: 1 })
    }
  })

  it('would have changed the victims: each bulk request changes something on one’s own path, from the same start', async () => {
    const [member] = members
    if (member === undefined) throw new Error('no members')
    const call = apiCall(api.url, member.user.cookie)
    const base = `/api/${member.user.userId}/tasks`
    const outcomes: string[] = []
    for (const [path, body] of BULK_ACTIONS) {
      // One more pending and one more completed task, as every victim has.
      expect((await call('POST', base, { title: `pending-${RUN}`, due_on: '2026-03-14', priority: 'high' })).status).toBe(201)
      const done = (await (await call('POST', base, { title: `done-${RUN}` })).json()) as Task
      expect((await call('PATCH', `${base}/${done.id}/complete`, { completed: true })).status).toBe(200)
      const response = await call('POST', `${base}/${path}`, body)
      const answer = (await response.json()) as { updated?: number; deleted?: number }
      outcomes.push(`${path} ${JSON.stringify(body)}: ${response.status}, changed ${(answer.updated ?? answer.deleted ?? 0) > 0 ? 'some' : 'none'}`)
    }
    expect(outcomes).toEqual(BULK_ACTIONS.map(([path, body]) => `${path} ${JSON.stringify(body)}: 200, changed some`))
  })
})
