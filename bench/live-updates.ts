import { request } from 'node:http'
import { combine, measure, round, type Run } from './measure.ts'
import { rssMb } from './memory.ts'
import { BENCH_ORIGIN, type BenchUser, signUpUser } from './seed.ts'
import type { Stack } from './stack.ts'

/** What the live-update runs print: change→event latency with one and with many streams open, and what many cost. */
export interface LiveUpdateLines {
  latency: Array<{ scenario: string; streams_open: number; changes: number; p50_ms: number; p95_ms: number; max_ms: number }>
  openStreams: {
    scenario: string
    streams: number
    users: number
    open_seconds: number
    api_rss_mb_before: number | undefined
    api_rss_mb_with_streams: number | undefined
    list_without_streams: { requests_per_sec: number; p50_ms: number; p95_ms: number }
    list_with_streams: { requests_per_sec: number; p50_ms: number; p95_ms: number }
  }
}

/** The api's default EVENT_STREAM_MAX_PER_USER: the streams are spread over as many users as that needs. */
const STREAMS_PER_USER = 10
/** The api's default EVENT_STREAM_REVALIDATE_SECONDS (the bench starts it with its defaults). */
const DEFAULT_REVALIDATE_SECONDS = 25

interface EventStream {
  /** Resolves with performance.now() when the next `change` event arrives. */
  nextChange(): Promise<number>
  close(): void
}

/** Opens `GET /api/{userId}/tasks/events` on a connection of its own and resolves once the stream says `ready`. */
function openEventStream(apiUrl: string, user: BenchUser): Promise<EventStream> {
  const url = new URL(`${apiUrl}/api/${user.userId}/tasks/events`)
  return new Promise((resolve, reject) => {
    const waiting: Array<(at: number) => void> = []
    const outgoing = request(url, { agent: false, headers: { cookie: user.cookie, accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`event stream answered ${response.statusCode}`))
        response.resume()
        return
      }
      let buffer = ''
      response.setEncoding('utf8').on('data', (chunk: string) => {
        const at = performance.now()
        buffer += chunk
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          if (block.includes('event: ready')) resolve(stream)
          if (block.includes('event: change')) waiting.shift()?.(at)
        }
      })
    })
    const stream: EventStream = {
      nextChange: () => new Promise((arrived) => waiting.push(arrived)),
      close: () => outgoing.destroy(),
    }
    outgoing.on('error', reject)
    outgoing.end()
  })
}

/** `changes` toggles of one task, one after another, each timed from sending it to its event on the user's stream. */
async function changeLatency(apiUrl: string, user: BenchUser, changes: number): Promise<number[]> {
  const created = await fetch(`${apiUrl}/api/${user.userId}/tasks`, {
    method: 'POST',
    headers: { cookie: user.cookie, origin: BENCH_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'toggled for the latency run' }),
  })
  if (created.status !== 201) throw new Error(`create answered ${created.status}`)
  const { id } = (await created.json()) as { id: string }
  const stream = await openEventStream(apiUrl, user)
  const latencies: number[] = []
  try {
    for (let change = 0; change < changes; change++) {
      const arrived = stream.nextChange()
      const sent = performance.now()
      const response = await fetch(`${apiUrl}/api/${user.userId}/tasks/${id}/complete`, { method: 'PATCH', headers: { cookie: user.cookie, origin: BENCH_ORIGIN } })
      if (response.status !== 200) throw new Error(`toggle answered ${response.status}`)
      await response.arrayBuffer()
      latencies.push((await arrived) - sent)
    }
  } finally {
    stream.close()
  }
  return latencies
}

function latencyLine(streamsOpen: number, latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b)
  const at = (fraction: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN, 1)
  return { scenario: 'live/change-to-event', streams_open: streamsOpen, changes: latencies.length, p50_ms: at(0.5), p95_ms: at(0.95), max_ms: at(1) }
}

async function mapWithConcurrency<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++
        results[index] = await work(items[index] as T)
      }
    }),
  )
  return results
}

/**
 * Live updates on one stack's api: change→event latency with one stream open; then `streams` streams held open on that
 * one api process (spread over users, `STREAMS_PER_USER` each), its RSS before and with them, `api/list` at
 * `connections` with them (the streams' session checks run at auth meanwhile) and without (before and after), and the
 * latency again.
 */
export async function measureLiveUpdates(stack: Stack, reader: BenchUser, { streams, changes, connections, seconds }: { streams: number; changes: number; connections: number; seconds: number }): Promise<LiveUpdateLines> {
  const apiUrl = stack.api.url
  const toggler = await signUpUser(stack.auth.url)
  const idle = await changeLatency(apiUrl, toggler, changes)

  const list = { url: `${apiUrl}/api/${reader.userId}/tasks`, headers: { cookie: reader.cookie }, expectedStatus: 200 }
  const listStats = (runs: Run[]) => {
    const { requests_per_sec, p50_ms, p95_ms } = combine(runs)
    return { requests_per_sec, p50_ms, p95_ms }
  }
  const withoutRuns = [await measure(list, connections, seconds)]
  const rssBefore = rssMb(stack.api.pid)

  const users = await mapWithConcurrency(
    Array.from({ length: Math.ceil(streams / STREAMS_PER_USER) }, () => stack.auth.url),
    8,
    (authUrl) => signUpUser(authUrl),
  )
  const openingStarted = performance.now()
  const open = await mapWithConcurrency(
    Array.from({ length: streams }, (_, index) => users[Math.floor(index / STREAMS_PER_USER)] as BenchUser),
    32,
    (user) => openEventStream(apiUrl, user),
  )
  const openSeconds = (performance.now() - openingStarted) / 1000
  let rssWith: number | undefined
  let withStreams: Run
  let busy: number[]
  try {
    // A whole revalidation interval, so every stream has had its session checked once: from then on they cost auth
    // streams / interval checks per second, and the list is measured under that.
    await new Promise((resolve) => setTimeout(resolve, (DEFAULT_REVALIDATE_SECONDS + 1) * 1000))
    rssWith = rssMb(stack.api.pid)
    withStreams = await measure(list, connections, seconds)
    busy = await changeLatency(apiUrl, toggler, changes)
  } finally {
    for (const stream of open) stream.close()
  }
  // Once more without, after: drift on a shared machine then weighs on both sides alike.
  await new Promise((resolve) => setTimeout(resolve, 1_000))
  withoutRuns.push(await measure(list, connections, seconds))
  return {
    latency: [latencyLine(1, idle), latencyLine(streams + 1, busy)],
    openStreams: {
      scenario: 'live/open-streams',
      streams,
      users: users.length,
      open_seconds: round(openSeconds, 1),
      api_rss_mb_before: rssBefore,
      api_rss_mb_with_streams: rssWith,
      list_without_streams: listStats(withoutRuns),
      list_with_streams: listStats([withStreams]),
    },
  }
}
