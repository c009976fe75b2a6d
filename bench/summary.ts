import { cpus, totalmem } from 'node:os'
import type { DatabaseKind } from './bench-options.ts'
import type { EmbeddedStart } from './databases.ts'
import type { LargeListResult } from './large-list.ts'
import { round, type Stats } from './measure.ts'
import type { TreeMemory } from './memory.ts'
import type { ScaleOutLine } from './scale-out.ts'
import type { ScenarioName } from './scenarios.ts'

export const P95_BAR_MS = 50
export const GARBAGE_P95_BAR_MS = 2

export interface ScenarioLine extends Stats {
  scenario: ScenarioName
  database: DatabaseKind
  connections: number
  p95_within_50ms: boolean
  cpu_percent: Record<string, number>
  /** CPU milliseconds per answered request, per process (`machine`: the whole machine's, load generator included). */
  cpu_ms_per_request: Record<string, number>
}

export interface MemoryReport {
  /** Per database, per service: RSS in MB when idle (after start and seeding) and the peak under load. */
  [database: string]: Record<string, { idle_mb: number | undefined; load_mb: number | undefined }>
}

export interface SummaryInput {
  lines: ScenarioLine[]
  databases: DatabaseKind[]
  largeList: LargeListResult | undefined
  largeTaskCount: number
  scaleOut: ScaleOutLine[]
  memory: MemoryReport
  /** The embedded PostgreSQL's start times and memory (all its processes), when it ran. */
  embeddedDatabase: (EmbeddedStart & { idle: TreeMemory | undefined; load: TreeMemory | undefined }) | undefined
  /** The services ran under `node --cpu-prof`, which costs CPU of its own. */
  profiled: boolean
  /** Machine CPU (percent of one core) while the bench was idle, before and after the measurements. */
  background: { before_percent: number; after_percent: number }
  totalSeconds: number
}

/** What Tasklane's get-session must do against stock's at 16 connections: twice its requests/s, three times with Redis. */
const TARGET1_RATIO: Record<DatabaseKind, number> = { embedded: 2, postgres: 2, 'postgres+redis': 3 }

/**
 * What the embedded PostgreSQL replaced, PGlite 0.5.14 over pglite-socket: one Node process, whose RSS this bench
 * measured in 2026-11 (idle after start-up and seeding → peak under load), mostly its WebAssembly heap.
 */
const PGLITE_MEASURED_EARLIER = { rss_mb: { idle: 886, load: 918 }, measured: 'earlier, with PGlite 0.5.14 (one Node process, RSS), by this bench in 2026-11' }

export function buildSummary(input: SummaryInput) {
  const { lines, databases, largeList, largeTaskCount, scaleOut, memory, embeddedDatabase, profiled, background, totalSeconds } = input
  const find = (scenario: ScenarioName, database: DatabaseKind, connections: number) =>
    lines.find((line) => line.scenario === scenario && line.database === database && line.connections === connections)
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? round(a / b, 2) : undefined)
  const perDatabase = <T>(build: (database: DatabaseKind) => T | undefined) =>
    Object.fromEntries(databases.flatMap((database) => {
      const value = build(database)
      return value === undefined ? [] : [[database, value]]
    }))

  // Bare Better Auth sits beside stock as a second anchor: the ratios to it are reported, the bars stay on stock.
  const target1 = perDatabase((database) => {
    const stock = find('get-session/stock', database, 16)
    const bare = find('get-session/bare', database, 16)
    const tasklane = find('get-session/tasklane', database, 16)
    if (!stock || !tasklane) return undefined
    const value = ratio(tasklane.requests_per_sec, stock.requests_per_sec)
    const required = TARGET1_RATIO[database]
    return {
      tasklane_rps: tasklane.requests_per_sec,
      stock_rps: stock.requests_per_sec,
      ratio: value,
      required,
      met: (value ?? 0) >= required,
      bare_rps: bare?.requests_per_sec,
      ratio_to_bare: ratio(tasklane.requests_per_sec, bare?.requests_per_sec),
    }
  })
  const target2 = perDatabase((database) => {
    const stock = find('get-session/stock', database, 16)
    const bare = find('get-session/bare', database, 16)
    const list = find('api/list', database, 16)
    if (!stock || !list) return undefined
    const value = ratio(list.requests_per_sec, stock.requests_per_sec)
    return {
      api_list_rps: list.requests_per_sec,
      stock_rps: stock.requests_per_sec,
      ratio: value,
      bare_rps: bare?.requests_per_sec,
      // A whole authenticated list (api, a session check in auth, the query) against bare Better Auth's session check alone.
      ratio_to_bare: ratio(list.requests_per_sec, bare?.requests_per_sec),
      required: 1,
      api_list_p95_ms: list.p95_ms,
      p95_bar_ms: P95_BAR_MS,
      met: (value ?? 0) >= 1 && list.p95_ms <= P95_BAR_MS,
    }
  })
  const target3 = perDatabase((database) => {
    const stock = find('get-session/stock', database, 1)
    const bare = find('get-session/bare', database, 1)
    const list = find('api/list', database, 1)
    const garbage = find('api/garbage-cookie', database, 1)
    const noCookie = find('api/no-cookie', database, 1)
    if (!stock || !list || !garbage) return undefined
    return {
      api_list_p95_ms: list.p95_ms,
      stock_p95_ms: stock.p95_ms,
      bare_p95_ms: bare?.p95_ms,
      garbage_cookie_p95_ms: garbage.p95_ms,
      garbage_bar_ms: GARBAGE_P95_BAR_MS,
      no_cookie_p95_ms: noCookie?.p95_ms,
      met: list.p95_ms <= stock.p95_ms && garbage.p95_ms <= GARBAGE_P95_BAR_MS,
    }
  })
  const target4 = largeList && {
    database: 'postgres',
    tasks: largeTaskCount,
    p95_ms_50_tasks: largeList.small.p95_ms,
    p95_ms_many_tasks: largeList.large.p95_ms,
    ratio: ratio(largeList.large.p95_ms, largeList.small.p95_ms),
    required_at_most: 1.5,
    index_used: largeList.indexUsed,
    met: largeList.indexUsed && (ratio(largeList.large.p95_ms, largeList.small.p95_ms) ?? Infinity) <= 1.5,
  }
  const scale = (scenario: string) => {
    const one = scaleOut.find((line) => line.scenario === scenario && line.instances === 1)
    const two = scaleOut.find((line) => line.scenario === scenario && line.instances === 2)
    return one && two ? { one_rps: one.requests_per_sec, two_rps: two.requests_per_sec, ratio: ratio(two.requests_per_sec, one.requests_per_sec), cpu_one: one.cpu_percent, cpu_two: two.cpu_percent } : undefined
  }

  return {
    summary: 'tasklane bench',
    machine: { cores: cpus().length, cpu: cpus()[0]?.model.trim(), memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version },
    background_cpu: background,
    rate_limit: 'off in auth and stock (RATE_LIMIT_ENABLED=false) and in bare (rateLimit.enabled: false): get-session would otherwise answer 429 after 100 requests per 10 s',
    anchors: {
      stock: "Tasklane's own Better Auth instance (configuration, plugins, hooks, Redis storage) served by auth.handler",
      bare: 'betterAuth() with its defaults on a pg.Pool (max 10) served by auth.handler on Hono; sessions from PostgreSQL on every stack, Redis included',
    },
    target1_get_session_vs_stock_at_16: target1,
    target2_api_list_vs_stock_at_16: target2,
    target3_at_1_connection: target3,
    target4_large_list: target4,
    p95_over_50ms: lines.filter((line) => !line.p95_within_50ms).map((line) => `${line.scenario} ${line.database} c${line.connections}: ${line.p95_ms} ms`),
    unexpected_answers: lines.filter((line) => line.errors > 0 || line.unexpected_status > 0).map((line) => `${line.scenario} ${line.database} c${line.connections}`),
    memory_rss: memory,
    embedded_database: embeddedDatabase && {
      first_start_s: embeddedDatabase.first_start_s,
      stop_s: embeddedDatabase.stop_s,
      restart_s: embeddedDatabase.restart_s,
      // RSS summed over processes counts shared memory once per process; PSS splits it between them.
      memory_mb: {
        after_start: embeddedDatabase.memory_after_start,
        idle: embeddedDatabase.idle,
        load: embeddedDatabase.load,
      },
      replaces_pglite: PGLITE_MEASURED_EARLIER,
    },
    api_list_cpu_ms_per_request_at_16: perDatabase((database) => {
      const list = find('api/list', database, 16)
      return list && { auth: list.cpu_ms_per_request.auth, api: list.cpu_ms_per_request.api, requests: list.requests }
    }),
    // Under `node --cpu-prof` every CPU figure includes the profiler's own cost.
    services_profiled: profiled,
    scale_out_postgres: { 'get-session/tasklane': scale('scale-out/get-session/tasklane'), 'api/list': scale('scale-out/api/list') },
    total_seconds: round(totalSeconds, 0),
  }
}
