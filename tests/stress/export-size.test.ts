import { readFileSync, writeFileSync } from 'node:fs'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type ChildService, type TestUser, apiCall, signUp, spawnService } from '../support/test-stack.ts'

/**
 * "Download my data" for big accounts: the api writes the file a page at a time (apps/api/src/export), so its memory
 * does not grow with the number of tasks. The api runs as its own process, and its peak resident memory (VmHWM) is
 * read from /proc before and after each export; the file is read as a stream by the test, the way a browser saves it.
 */

const SIZES = [10_000, 100_000] as const
/** Peak RSS may rise by this much for the largest export; the whole file is ~25 MB at 100,000 tasks. */
const MAX_PEAK_GROWTH_MB = 40

let auth: ChildService
let api: ChildService
let database: pg.Client
const users = new Map<number, TestUser>()

function memoryMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm'))
  if (!line?.[1]) throw new Error(`no ${field}`)
  return Number(line[1]) / 1024
}

/** Sets the process's peak RSS back to its current RSS (Linux `clear_refs` 5), so the next peak is the export's own. */
function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5')
}

/** Reads the export as it arrives, keeping only its size and a running count of task ids. */
async function download(user: TestUser): Promise<{ bytes: number; ms: number; text: string | undefined }> {
  const started = performance.now()
  const response = await apiCall(api.url, user.cookie)('GET', `/api/${user.userId}/export`)
  expect(response.status).toBe(200)
  let bytes = 0
  const chunks: string[] = []
  const decoder = new TextDecoder()
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength
    chunks.push(decoder.decode(chunk, { stream: true }))
  }
  return { bytes, ms: Math.round(performance.now() - started), text: chunks.join('') }
}

beforeAll(async () => {
  auth = await spawnService('auth', {})
  api = await spawnService('api', { AUTH_URL: auth.url })
  database = new pg.Client({ connectionString: inject('databaseUrl') })
  await database.connect()
  for (const size of SIZES) {
    const user = await signUp(auth.url)
    await database.query(
      `insert into tasks (user_id, title, description, due_on, priority, position, created_at)
       select $1, 'Task number ' || n, 'A description of task ' || n, date '2026-01-01' + (n % 365), n % 4, n, now() - n * interval '1 second'
       from generate_series(1, $2::int) n`,
      [user.userId, size],
    )
    users.set(size, user)
  }
  await database.query('analyze tasks')
})
afterAll(async () => {
  await database?.end()
  await api?.close()
  await auth?.close()
})

describe('download my data at size', () => {
  it(`streams ${SIZES.join(' and ')} tasks without the api's memory growing with them`, async () => {
    // A first, small export, so the baseline includes the route's own warm-up.
    const warmUp = await signUp(auth.url)
    await download(warmUp)
    const figures: Record<string, unknown> = {}
    const growth: number[] = []
    for (const size of SIZES) {
      const user = users.get(size) as TestUser
      resetPeak(api.pid)
      const before = memoryMb(api.pid, 'VmRSS')
      const { bytes, ms, text } = await download(user)
      const peak = memoryMb(api.pid, 'VmHWM')
      const parsed = JSON.parse(text ?? '') as { tasks: { id: string }[] }
      expect(parsed.tasks).toHaveLength(size)
      expect(new Set(parsed.tasks.map((task) => task.id)).size).toBe(size)
      growth.push(peak - before)
      figures[`tasks${size}`] = { ms, fileMb: Math.round(bytes / 1024 / 102.4) / 10, rssBeforeMb: Math.round(before), peakRssMb: Math.round(peak) }
    }
    process.stdout.write(`${JSON.stringify({ suite: 'export-size', ...figures })}\n`)
    for (const grew of growth) expect(grew).toBeLessThan(MAX_PEAK_GROWTH_MB)
  })
})
