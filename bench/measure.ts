import autocannon from 'autocannon'

export interface RequestTarget {
  url: string
  method?: 'GET' | 'POST' | 'PATCH'
  headers?: Record<string, string>
  body?: string
  /** When given, each request takes one of these paths at random (e.g. toggling many tasks, not one row). */
  paths?: string[]
  /** The status a correct answer has: 200, 201, or 401 for the rejection scenarios. */
  expectedStatus: number
}

/** One autocannon run: every response time kept, so percentiles come from all of them. */
export interface Run {
  times: number[]
  seconds: number
  errors: number
  non2xx: number
  /** Answers whose status is not `expectedStatus`. */
  unexpected: number
}

export interface Stats {
  requests_per_sec: number
  p50_ms: number
  p95_ms: number
  p99_ms: number
  errors: number
  non_2xx: number
  unexpected_status: number
  requests: number
  duration_s: number
}

export async function measure(target: RequestTarget, connections: number, seconds: number): Promise<Run> {
  const times: number[] = []
  let unexpected = 0
  const paths = target.paths
  const started = performance.now()
  const options: autocannon.Options = {
    url: target.url,
    method: target.method ?? 'GET',
    headers: target.headers ?? {},
    ...(target.body === undefined ? {} : { body: target.body }),
    ...(paths ? { requests: [{ setupRequest: (request) => ({ ...request, path: paths[Math.floor(Math.random() * paths.length)] ?? '/' }) }] } : {}),
    connections,
    duration: seconds,
    // Autocannon stops at its next sample tick: a short tick keeps fractional durations honest.
    sampleInt: 100,
    timeout: 10,
  }
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, result) => (error ? reject(asError(error)) : resolve(result)))
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      times.push(responseTime)
      if (statusCode !== target.expectedStatus) unexpected++
    })
  })
  const result = await finished
  return {
    times,
    seconds: (performance.now() - started) / 1000,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    unexpected,
  }
}

/** Several runs at once (one per instance of a service), started together and stopped together. */
export async function measureTogether(loads: Array<{ target: RequestTarget; connections: number }>, seconds: number): Promise<Run> {
  const runs = await Promise.all(loads.map(({ target, connections }) => measure(target, connections, seconds)))
  return {
    times: runs.flatMap((run) => run.times),
    // Concurrent: the wall time is the longest run, not the sum.
    seconds: Math.max(...runs.map((run) => run.seconds)),
    errors: sum(runs.map((run) => run.errors)),
    non2xx: sum(runs.map((run) => run.non2xx)),
    unexpected: sum(runs.map((run) => run.unexpected)),
  }
}

/** Merges the rounds of one scenario: requests/s over their total time, percentiles over every response. */
export function combine(runs: Run[]): Stats {
  const times = runs.flatMap((run) => run.times).sort((a, b) => a - b)
  const seconds = sum(runs.map((run) => run.seconds))
  return {
    requests_per_sec: round(times.length / seconds, 0),
    p50_ms: round(percentile(times, 50), 2),
    p95_ms: round(percentile(times, 95), 2),
    p99_ms: round(percentile(times, 99), 2),
    errors: sum(runs.map((run) => run.errors)),
    non_2xx: sum(runs.map((run) => run.non2xx)),
    unexpected_status: sum(runs.map((run) => run.unexpected)),
    requests: times.length,
    duration_s: round(seconds, 2),
  }
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)))

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)

export function round(value: number, digits: number): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}
