import { TASK_PRIORITIES, TASK_SORTS, TASK_STATUSES, TASK_VIEWS, type TaskFilter, type TaskPage, type TaskSort, type TaskView } from '@tasklane/api/contract'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningService, type TestUser, apiCall, signUp, startApi, startAuth } from '../support/test-stack.ts'

/**
 * A list cursor is opaque to clients, but anyone can forge one. Whatever they send, the list route answers 200 or
 * 422 VALIDATION_FAILED naming the cursor, never a 5xx: a cursor whose time PostgreSQL cannot read
 * ('0000-01-01T00:00:00.000Z' passed the old check and was a 500) must be refused before the query. Property test:
 * cursors the api issued, mutated field by field and byte by byte, forged ones for each listing, and junk, against
 * the real route over HTTP, on every sort and in the date views. A due-day cursor holds a day or null (a task without
 * one), and each reaches SQL as `::date`: '2026-02-30', year 0 or 'infinity' must be 422 there too. A position
 * cursor holds a double as JavaScript writes it and reaches SQL as `::float8` ('NaN', '1e400' or 'infinity' are 422);
 * a search's cursors carry a digest of its terms, so one replayed in another search, or without one, is 422.
 */
const BATCH = 25
const RUNS = 80

interface Listing {
  sort: TaskSort
  order: 'asc' | 'desc'
  status: TaskFilter
  view: TaskView
  today?: string
  q?: string
}

interface Attempt {
  listing: Listing
  cursor: string
}

interface Issued extends Attempt {
  payload: Record<string, unknown>
}

let auth: RunningService
let api: RunningService
let user: TestUser
let call: ReturnType<typeof apiCall>
const issued: Issued[] = []

const TODAY = '2026-03-14'
const LISTINGS: Listing[] = TASK_SORTS.flatMap((sort) =>
  (['asc', 'desc'] as const).flatMap((order) => [
    ...TASK_STATUSES.map((status): Listing => ({ sort, order, status, view: 'all' })),
    ...TASK_VIEWS.filter((view) => view !== 'all').map((view): Listing => ({ sort, order, status: 'all', view, ...(view === 'no_date' ? {} : { today: TODAY }) })),
    // Searches: every other task's description holds "shared note", so each has more than a page.
    ...['shared', 'NOTE sha'].map((q): Listing => ({ sort, order, status: 'all', view: 'all', q })),
  ]),
)

function listPath({ sort, order, status, view, today, q }: Listing, cursor?: string): string {
  const query = new URLSearchParams({ sort, order, status, view, limit: '3', ...(today === undefined ? {} : { today }), ...(q === undefined ? {} : { q }) })
  if (cursor !== undefined) query.set('cursor', cursor)
  return `/api/${user.userId}/tasks?${query}`
}

beforeAll(async () => {
  auth = await startAuth()
  api = await startApi(auth.url)
  user = await signUp(auth.url)
  call = apiCall(api.url, user.cookie)
  // 20 tasks: days around TODAY, repeated, the first and last allowed, and some missing, so due-day cursors hold days
  // and nulls; each date view has more than a page (3) of them, so every listing issues cursors.
  const titles = ['alpha', 'Bravo', 'ça va', '🍪 cookie', "o'neil", 'zulu', 'échelle', '42', 'Ω omega', 'tab\there']
  const days = ['2026-03-10', null, TODAY, '2026-03-20', '0001-01-01', null, '9999-12-31', '2026-03-13', '2026-04-01']
  for (let index = 0; index < 20; index++) {
    const body = {
      title: titles[index % titles.length],
      description: index % 2 === 0 ? 'a shared note' : null,
      due_on: days[index % days.length],
      priority: TASK_PRIORITIES[index % TASK_PRIORITIES.length],
    }
    const created = await call('POST', `/api/${user.userId}/tasks`, body)
    expect(created.status).toBe(201)
    if (index % 4 === 0) await call('PATCH', `/api/${user.userId}/tasks/${((await created.json()) as { id: string }).id}/complete`)
  }
  // Every cursor the api hands out, walking each listing to its end.
  for (const listing of LISTINGS) {
    let cursor: string | null = null
    do {
      const response = await call('GET', listPath(listing, cursor ?? undefined))
      expect(response.status).toBe(200)
      cursor = ((await response.json()) as TaskPage).next_cursor
      if (cursor) issued.push({ listing, cursor, payload: JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown> })
    } while (cursor)
  }
})
afterAll(async () => {
  await api?.close()
  await auth?.close()
})

const encode = (payload: unknown) => Buffer.from(JSON.stringify(payload) ?? '').toString('base64url')
const pad = (value: number, width: number) => String(value).padStart(width, '0')

// Text with what breaks storage and parsing: NUL, lone surrogates, spaces around it.
const nasty = fc.string({
  unit: fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
    fc.constantFrom('\u0000', ' ', '\t', '"', '\\'),
  ),
  maxLength: 220,
})
const times = fc.oneof(
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  // Around the years 0 and 10000, where JavaScript and PostgreSQL part ways.
  fc.date({ min: new Date('-000002-01-01T00:00:00.000Z'), max: new Date('0003-01-01T00:00:00.000Z'), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.date({ min: new Date('9998-01-01T00:00:00.000Z'), max: new Date('+010001-01-01T00:00:00.000Z'), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom('0000-01-01T00:00:00.000Z', '0000-02-29T12:00:00.000Z', '0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '+275760-09-13T00:00:00.000Z'),
  // ISO-shaped, with any digits in each field.
  fc
    .tuple(fc.nat(9999), fc.nat(99), fc.nat(99), fc.nat(99), fc.nat(99), fc.nat(99), fc.nat(999), fc.constantFrom('Z', '+00:00', '', 'z'))
    .map(([y, mo, d, h, mi, s, ms, zone]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}${zone}`),
)
const days = fc.oneof(
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
  fc.constantFrom(null, '0000-01-01', '0000-02-29', '0001-01-01', '9999-12-31', '10000-01-01', '2026-02-29', '2026-02-30', 'infinity', '-infinity', 'epoch', 'today', 'allballs', '2026-03-14 BC', '20260314'),
  // Day-shaped, with any digits in each field.
  fc.tuple(fc.nat(99_999), fc.nat(99), fc.nat(99)).map(([y, mo, d]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}`),
)
// Doubles as JavaScript writes them (position cursors), and what PostgreSQL's float8 reads but the api never writes.
const positions = fc.oneof(
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom<unknown>('NaN', 'Infinity', '-Infinity', 'infinity', '1e400', '-0', '1e0', '0x10', ' 1', '1.', '.5', '1_000', 1.5, -2),
)
const values = fc.oneof(times, days, positions, nasty, fc.string(), fc.jsonValue(), fc.constantFrom<unknown>(...TASK_PRIORITIES, 'HIGH', '3', 3))
const ids = fc.oneof(fc.uuid(), fc.uuid().map((id) => id.toUpperCase()), fc.constant('00000000-0000-0000-0000-000000000000'), fc.string(), fc.jsonValue())
const listings = fc.constantFrom(...LISTINGS)

/** An issued cursor with one to three fields replaced, added or dropped. */
const mutated = () =>
  fc
    .record({
      original: fc.constantFrom(...issued),
      changes: fc.array(
        fc.oneof(
          fc.record({ key: fc.constant('v'), value: values }),
          fc.record({ key: fc.constant('i'), value: ids }),
          fc.record({ key: fc.constantFrom('s', 'o', 'f', 'w'), value: fc.oneof(fc.constantFrom<unknown>(...TASK_SORTS, ...TASK_STATUSES, ...TASK_VIEWS, 'asc', 'desc'), fc.jsonValue()) }),
          fc.record({ key: fc.constant('t'), value: fc.oneof(days, fc.constant(TODAY)) }),
          // The search's digest: another listing's, or any text or JSON.
          fc.record({ key: fc.constant('q'), value: fc.oneof(fc.constantFrom<unknown>(...issued.map((cursor) => cursor.payload.q)), fc.string(), fc.jsonValue()) }),
          fc.record({ key: fc.constantFrom('s', 'o', 'f', 'w', 't', 'q', 'v', 'i'), value: fc.constant(undefined) }),
          fc.record({ key: fc.string({ maxLength: 5 }), value: fc.jsonValue() }),
        ),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map(({ original, changes }): Attempt => {
      const payload: Record<string, unknown> = { ...original.payload }
      for (const { key, value } of changes) Object.defineProperty(payload, key, { value, enumerable: true, configurable: true, writable: true })
      return { listing: original.listing, cursor: encode(payload) }
    })

/** An issued cursor's text with a few characters inserted, replaced or cut. */
const garbled = () =>
  fc.record({ original: fc.constantFrom(...issued), at: fc.nat(), insert: fc.string({ maxLength: 4 }), cut: fc.nat(4) }).map(({ original, at, insert, cut }): Attempt => {
    const position = at % (original.cursor.length + 1)
    return { listing: original.listing, cursor: original.cursor.slice(0, position) + insert + original.cursor.slice(position + cut) }
  })

/** A well-formed payload for the very listing it is sent with, whose value and id are anything. */
const forged = fc.record({ listing: listings, v: values, i: ids }).map(({ listing, v, i }): Attempt => ({
  listing,
  cursor: encode({ s: listing.sort, o: listing.order, f: listing.status, w: listing.view, t: listing.today, v, i }),
}))

const junk = fc.record({
  listing: listings,
  cursor: fc.oneof(fc.string({ maxLength: 1100 }), fc.base64String({ maxLength: 400 }), fc.jsonValue().map(encode), nasty.map((text) => Buffer.from(text).toString('base64url'))),
})

interface Outcome {
  attempt: Attempt
  status: number
  text: string
}

async function send(attempt: Attempt): Promise<Outcome> {
  const response = await call('GET', listPath(attempt.listing, attempt.cursor))
  return { attempt, status: response.status, text: await response.text() }
}

/** Why an answer breaks the promise, or null: 200 with one's own tasks, or 422 naming the cursor. */
function problem({ status, text }: Outcome): string | null {
  if (status === 200) {
    const page = JSON.parse(text) as TaskPage
    return page.tasks.every((task) => task.user_id === user.userId) ? null : 'another user’s task'
  }
  if (status !== 422) return `status ${status}`
  const body = JSON.parse(text) as { error_code?: string; detail?: { field?: string }[] }
  return body.error_code === 'VALIDATION_FAILED' && body.detail?.[0]?.field === 'cursor' ? null : 'a 422 that does not name the cursor'
}

describe('forged list cursors', () => {
  it('accepts every cursor the api issued, on every sort, order and status', async () => {
    expect(issued.length).toBeGreaterThan(LISTINGS.length)
    for (const outcome of await Promise.all(issued.map(send))) expect(outcome.status, outcome.attempt.cursor).toBe(200)
  })

  it(`answers ${BATCH * RUNS} mutated, forged and junk cursors with 200 or 422 naming the cursor, never a 5xx`, async () => {
    const attempts = fc.oneof({ arbitrary: mutated(), weight: 4 }, { arbitrary: forged, weight: 3 }, { arbitrary: garbled(), weight: 2 }, { arbitrary: junk, weight: 1 })
    const statuses: Record<number, number> = {}
    const started = performance.now()
    await fc.assert(
      fc.asyncProperty(fc.array(attempts, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const outcomes = await Promise.all(batch.map(send))
        for (const { status } of outcomes) statuses[status] = (statuses[status] ?? 0) + 1
        const failures = outcomes.flatMap((outcome) => {
          const why = problem(outcome)
          return why === null ? [] : [`${why}: ${JSON.stringify(outcome.attempt)} → ${outcome.text.slice(0, 200)}`]
        })
        expect(failures).toEqual([])
      }),
      { numRuns: RUNS },
    )
    process.stdout.write(`${JSON.stringify({ suite: 'forged-cursors', requests: BATCH * RUNS, statuses, ms: Math.round(performance.now() - started) })}\n`)
    // Both answers must actually occur, or the generators have stopped reaching the query.
    expect(statuses[200]).toBeGreaterThan(BATCH * RUNS * 0.05)
    expect(statuses[422]).toBeGreaterThan(BATCH * RUNS * 0.05)
  })
})
