// `npm run bench`: see bench/README.md. JSON lines on stdout; progress on stderr.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ensureWebBuild } from '../scripts/ensure-web-build.ts'
import { ensureRedisRunning, TEST_REDIS_URL } from '@tasklane/test-kit/redis-server'
import { startSmtpSink } from '@tasklane/test-kit/smtp-sink'
import { type DatabaseKind, readBenchOptions } from './bench-options.ts'
import { cpuMs, cpuPercent, cpuSnapshot } from './cpu-usage.ts'
import { type BenchDatabase, createPostgresDatabase, startEmbeddedDatabase } from './databases.ts'
import { measureLargeList } from './large-list.ts'
import { measureLiveUpdates } from './live-updates.ts'
import { combine, measure, round, type Run } from './measure.ts'
import { rssMb, sampleRss, sampleTreeMemory, treeMemoryMb } from './memory.ts'
import { deleteBenchKeys } from './redis-cleanup.ts'
import { averageUsage, measureScaleOut } from './scale-out.ts'
import { SCENARIOS, type ScenarioName, scenarioTarget, type StackUsers } from './scenarios.ts'
import { measureSearchAndOrder } from './search-order-list.ts'
import { assertSessionFound, type BenchUser, insertTasks, signUpUser } from './seed.ts'
import { type Stack, startStack } from './stack.ts'
import { buildSummary, type MemoryReport, P95_BAR_MS, type ScenarioLine } from './summary.ts'

const options = readBenchOptions(process.argv.slice(2), process.env)
const began = performance.now()
const progress = (message: string) => console.error(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ${message}`)
// Every line names the Node it ran on: the services are spawned with this process's own `node` (process.execPath).
const print = (line: object) => console.log(JSON.stringify({ ...line, node: process.version }))

const logDir = mkdtempSync(path.join(tmpdir(), 'tasklane-bench-logs-'))
const cleanups: Array<() => Promise<unknown>> = []
const redisUsers: BenchUser[] = []
let cleaning: Promise<void> | undefined
const cleanUp = () =>
  (cleaning ??= (async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error('cleanup failed:', error))
  })())
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().then(() => process.exit(130)))

try {
  await main()
  await cleanUp()
  rmSync(logDir, { recursive: true, force: true })
} catch (error) {
  console.error(error)
  await cleanUp()
  console.error(`service logs kept in ${logDir}`)
  process.exitCode = 1
}

async function main() {
  const web = options.web
  if (web) ensureWebBuild()
  const usesRedis = options.databases.includes('postgres+redis')
  if (usesRedis) await ensureRedisRunning()

  progress(`starting databases and services for ${options.databases.join(', ')} (logs in ${logDir})`)
  const needsPostgres = options.databases.some((kind) => kind !== 'embedded')
  // One after the other, so the embedded database's start times are its own.
  const embedded = options.databases.includes('embedded') ? await startEmbeddedDatabase() : undefined
  if (embedded) {
    cleanups.push(() => embedded.stop())
    print({ scenario: 'embedded-database/start', database: 'embedded', ...embedded.start })
  }
  const postgres = needsPostgres ? await createPostgresDatabase() : undefined
  if (postgres) cleanups.push(() => postgres.stop())
  const databaseFor = (kind: DatabaseKind): BenchDatabase => {
    const database = kind === 'embedded' ? embedded : postgres
    if (!database) throw new Error(`no database for ${kind}`)
    return database
  }
  if (usesRedis) cleanups.push(() => deleteBenchKeys(TEST_REDIS_URL, redisUsers))

  const smtp = await startSmtpSink()
  cleanups.push(() => smtp.close())
  // One secret for every auth of the run; a random one, so no cookie from elsewhere is ever valid here.
  const secret = randomBytes(32).toString('base64')
  const stacks = await Promise.all(
    options.databases.map((database) =>
      startStack({
        database,
        databaseUrl: databaseFor(database).url,
        redisUrl: database === 'postgres+redis' ? TEST_REDIS_URL : undefined,
        secret,
        web,
        secondInstance: database === 'postgres',
        logDir,
        profileDir: options.profileDir,
        smtpUrl: smtp.url,
      }).then((stack) => {
        cleanups.push(() => Promise.all(stack.processes().map((service) => service.close())))
        return stack
      }),
    ),
  )
  progress('services up; seeding')

  const users = new Map<DatabaseKind, StackUsers>()
  for (const stack of stacks) {
    const [reader, writer] = await Promise.all([signUpUser(stack.auth.url), signUpUser(stack.auth.url)])
    if (stack.database === 'postgres+redis') redisUsers.push(reader, writer)
    await insertTasks(stack.databaseUrl, reader.userId, 50)
    const toggleIds = await insertTasks(stack.databaseUrl, writer.userId, 1000, { returnIds: true })
    users.set(stack.database, { reader, writer, toggleIds })
    await Promise.all([stack.bare, stack.stock].map((anchor) => assertSessionFound(anchor.url, reader)))
  }

  const memory: MemoryReport = {}
  const pidNames = new Map<number, { database: string; service: string }>()
  for (const stack of stacks)
    for (const service of stack.processes()) pidNames.set(service.pid, { database: stack.database, service: service.name.split('@')[0] ?? service.name })
  pidNames.set(process.pid, { database: 'all', service: 'bench (load generator)' })
  for (const [pid, { database, service }] of pidNames) (memory[database] ??= {})[service] = { idle_mb: rssMb(pid), load_mb: undefined }
  // The embedded PostgreSQL is many processes: the postmaster and its children, measured together.
  const embeddedIdle = embedded?.pid === undefined ? undefined : treeMemoryMb(embedded.pid)
  const backgroundBefore = await backgroundCpu()

  type Cell = { scenario: ScenarioName; stack: Stack; connections: number }
  const cells: Cell[] = []
  for (const connections of options.connections)
    for (const stack of stacks) for (const scenario of SCENARIOS) if (target(scenario, stack)) cells.push({ scenario, stack, connections })

  progress(`warming up (${cells.length} scenarios × 2 rounds to measure after)`)
  for (const stack of stacks)
    for (const scenario of SCENARIOS) {
      const request = target(scenario, stack)
      if (request) await measure(request, 16, options.warmupSeconds)
    }

  const sampler = sampleRss([...pidNames.keys()])
  const embeddedSampler = embedded && sampleTreeMemory(() => embedded.pid)
  const results = new Map<Cell, { runs: Run[]; cpu: Array<Record<string, number>>; cpuMs: Array<Record<string, number>> }>()
  for (const [index, order] of [cells, [...cells].reverse()].entries()) {
    progress(`round ${index + 1} of 2`)
    for (const cell of order) {
      const request = target(cell.scenario, cell.stack)
      if (!request) continue
      const { names, snapshot } = stackCpu(cell.stack, databaseFor(cell.stack.database).pid)
      const before = snapshot()
      const run = await measure(request, cell.connections, options.durationFor(cell.connections))
      const after = snapshot()
      const entry = results.get(cell) ?? { runs: [], cpu: [], cpuMs: [] }
      entry.runs.push(run)
      entry.cpu.push(cpuPercent(before, after, names))
      entry.cpuMs.push(cpuMs(before, after, names))
      results.set(cell, entry)
    }
  }
  sampler.stop()
  embeddedSampler?.stop()

  const lines: ScenarioLine[] = cells.map((cell) => {
    const entry = results.get(cell)
    const stats = combine(entry?.runs ?? [])
    return {
      scenario: cell.scenario,
      database: cell.stack.database,
      connections: cell.connections,
      ...stats,
      p95_within_50ms: stats.p95_ms <= P95_BAR_MS,
      cpu_percent: averageUsage(entry?.cpu ?? []),
      cpu_ms_per_request: perRequest(entry?.cpuMs ?? [], stats.requests),
    }
  })
  for (const line of lines) print(line)

  const postgresStack = stacks.find((stack) => stack.database === 'postgres')
  const postgresUsers = users.get('postgres')
  let largeList
  let scaleOut: Awaited<ReturnType<typeof measureScaleOut>> = []
  if (postgresStack && postgresUsers) {
    progress(`page 1 of the list with ${options.largeTaskCount} tasks for one user`)
    largeList = await measureLargeList(postgresStack, postgresUsers.reader, options.largeTaskCount, 16, options.durationFor(16))
    for (const [label, stats] of [['api/list-50-tasks', largeList.small], [`api/list-${options.largeTaskCount}-tasks`, largeList.large]] as const)
      print({ scenario: label, database: 'postgres', connections: 16, ...stats })
    print({ scenario: 'explain/list-page-1', database: 'postgres', tasks: options.largeTaskCount, index_used: largeList.indexUsed, insert_seconds: Math.round(largeList.insertSeconds * 10) / 10, plan: largeList.plan })

    progress('one against two auth (and api) instances')
    scaleOut = await measureScaleOut(postgresStack, postgresUsers.reader, 16, options.durationFor(16))
    for (const line of scaleOut) print({ ...line, database: 'postgres' })
  }

  // Search (`q`) and the own order (`sort=position`), page 1 at 50 and at BENCH_LARGE_TASKS tasks, with the indexes each
  // plan reads; on PostgreSQL's stack when it runs, else on the first (so an embedded-only run measures them too).
  const searchStack = postgresStack ?? stacks[0]
  if (searchStack) {
    progress(`search and the own order: page 1 with 50 and with ${options.largeTaskCount} tasks (${searchStack.database})`)
    for (const line of await measureSearchAndOrder(searchStack, options.largeTaskCount, 16, options.durationFor(16))) print({ ...line, database: searchStack.database })
  }

  // Live updates on one api process (PostgreSQL's when it runs): change→event latency, and 1,000 streams held open.
  const liveStack = postgresStack ?? stacks[0]
  const liveUsers = liveStack && users.get(liveStack.database)
  if (liveStack && liveUsers) {
    progress('live updates: change→event latency, then 1,000 open streams on one api')
    const live = await measureLiveUpdates(liveStack, liveUsers.reader, { streams: 1000, changes: 50, connections: 16, seconds: options.durationFor(16) * 2 })
    for (const line of live.latency) print({ ...line, database: liveStack.database })
    print({ ...live.openStreams, database: liveStack.database })
  }

  for (const [pid, peak] of sampler.peaks()) {
    const name = pidNames.get(pid)
    const entry = name && memory[name.database]?.[name.service]
    if (entry) entry.load_mb = peak
  }
  const embeddedLoad = embeddedSampler?.peak()
  if (embedded) (memory.embedded ??= {})['embedded-database'] = { idle_mb: embeddedIdle?.rss_mb, load_mb: embeddedLoad?.rss_mb }
  const background = { before_percent: backgroundBefore, after_percent: await backgroundCpu() }
  print(
    buildSummary({
      lines,
      databases: options.databases,
      largeList,
      largeTaskCount: options.largeTaskCount,
      scaleOut,
      memory,
      embeddedDatabase: embedded && { ...embedded.start, idle: embeddedIdle, load: embeddedLoad },
      profiled: options.profileDir !== undefined,
      background,
      totalSeconds: (performance.now() - began) / 1000,
    }),
  )
  progress('done; stopping services')

  function target(scenario: ScenarioName, stack: Stack) {
    const stackUsers = users.get(stack.database)
    return stackUsers ? scenarioTarget(scenario, stack, stackUsers) : undefined
  }
}

/** The machine's CPU use over one second while the bench sends nothing: other people's work on a shared machine. */
async function backgroundCpu(): Promise<number> {
  const before = cpuSnapshot([])
  await new Promise((resolve) => setTimeout(resolve, 1_000))
  return cpuPercent(before, cpuSnapshot([]), new Map()).machine ?? 0
}

/** The processes a scenario line reports CPU for, by name, and a snapshot of their CPU; the embedded database with its children. */
function stackCpu(stack: Stack, databasePid: number | undefined) {
  const names = new Map<number, string>([
    [stack.auth.pid, 'auth'],
    [stack.api.pid, 'api'],
    [stack.stock.pid, 'stock'],
    [stack.bare.pid, 'bare'],
    [process.pid, 'bench'],
  ])
  if (stack.web) names.set(stack.web.pid, 'web')
  const pids = [...names.keys()]
  const treeRoots = databasePid === undefined ? [] : [databasePid]
  for (const root of treeRoots) names.set(root, 'database')
  return { names, snapshot: () => cpuSnapshot(pids, treeRoots) }
}

/** CPU milliseconds per answered request for each process, over every round of one scenario. */
function perRequest(samples: Array<Record<string, number>>, requests: number): Record<string, number> {
  const totals: Record<string, number> = {}
  for (const sample of samples) for (const [name, ms] of Object.entries(sample)) totals[name] = (totals[name] ?? 0) + ms
  return Object.fromEntries(Object.entries(totals).map(([name, ms]) => [name, requests > 0 ? round(ms / requests, 3) : Number.NaN]))
}
