export type DatabaseKind = 'embedded' | 'postgres' | 'postgres+redis'

export interface BenchOptions {
  /** Seconds each scenario runs per round; every line merges two rounds. */
  durationFor(connections: number): number
  warmupSeconds: number
  connections: number[]
  databases: DatabaseKind[]
  /** Measure `web/list` through the web origin (needs a `next build`, made on first use). */
  web: boolean
  /** Tasks for the large-list user, whose page 1 is measured against the 50-task reader's. */
  largeTaskCount: number
  /** Write `--cpu-prof` profiles of every service (auth, api, stock, bare, web) here. */
  profileDir: string | undefined
}

const ALL_DATABASES: DatabaseKind[] = ['embedded', 'postgres', 'postgres+redis']

/**
 * `npm run bench` runs everything in under 5 minutes on 2 cores. `npm run bench -- --quick` (or
 * BENCH_QUICK=1) is a smoke run: one connection level, half-second measurements. Environment overrides:
 * BENCH_DURATION (seconds per round), BENCH_CONNECTIONS (e.g. `16` or `1,16,64`), BENCH_DATABASES
 * (e.g. `postgres,postgres+redis`), BENCH_WEB=0, BENCH_LARGE_TASKS, BENCH_PROFILE_DIR.
 */
export function readBenchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const quick = argv.includes('--quick') || env.BENCH_QUICK === '1'
  const fixedDuration = env.BENCH_DURATION ? positiveNumber('BENCH_DURATION', env.BENCH_DURATION) : undefined
  const connections = env.BENCH_CONNECTIONS
    ? env.BENCH_CONNECTIONS.split(',').map((value) => positiveNumber('BENCH_CONNECTIONS', value))
    : quick
      ? [16]
      : [1, 16, 64]
  const databases = env.BENCH_DATABASES ? env.BENCH_DATABASES.split(',').map(databaseKind) : ALL_DATABASES
  return {
    // The targets are read at 16 connections: those get the longest runs when time is short.
    durationFor: (count) => fixedDuration ?? (quick ? 0.5 : count === 16 ? 1.25 : 0.75),
    warmupSeconds: quick ? 0.3 : 0.5,
    connections,
    databases,
    web: env.BENCH_WEB !== '0',
    largeTaskCount: env.BENCH_LARGE_TASKS ? positiveNumber('BENCH_LARGE_TASKS', env.BENCH_LARGE_TASKS) : 100_000,
    profileDir: env.BENCH_PROFILE_DIR || undefined,
  }
}

function positiveNumber(name: string, value: string): number {
  const number = Number(value)
  if (!Number.isFinite(number) || number <= 0) throw new Error(`${name}: "${value}" is not a positive number`)
  return number
}

function databaseKind(value: string): DatabaseKind {
  const kind = ALL_DATABASES.find((candidate) => candidate === value.trim())
  if (!kind) throw new Error(`BENCH_DATABASES: "${value}" is not one of ${ALL_DATABASES.join(', ')}`)
  return kind
}
