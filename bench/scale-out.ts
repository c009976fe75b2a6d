import { cpuPercent, cpuSnapshot } from './cpu-usage.ts'
import { combine, measureTogether, type RequestTarget, type Run, type Stats } from './measure.ts'
import type { BenchUser } from './seed.ts'
import type { Stack } from './stack.ts'

export interface ScaleOutLine extends Stats {
  scenario: string
  instances: number
  connections: number
  cpu_percent: Record<string, number>
}

/**
 * One against two instances on the same database and the same 2 cores: `get-session/tasklane` against one
 * auth with all connections, then against two auths with half the connections each (two load generators
 * at once); the same for `api/list`, each api asking its own auth. Two rounds, interleaved.
 */
export async function measureScaleOut(stack: Stack, reader: BenchUser, connections: number, seconds: number): Promise<ScaleOutLine[]> {
  const second = stack.second
  if (!second) throw new Error('the stack has no second instance')
  const session = (url: string): RequestTarget => ({ url: `${url}/api/auth/get-session`, headers: { cookie: reader.cookie }, expectedStatus: 200 })
  const list = (url: string): RequestTarget => ({ url: `${url}/api/${reader.userId}/tasks`, headers: { cookie: reader.cookie }, expectedStatus: 200 })
  const half = Math.max(1, Math.floor(connections / 2))
  const cases = [
    { scenario: 'get-session/tasklane', instances: 1, loads: [{ target: session(stack.auth.url), connections }] },
    { scenario: 'get-session/tasklane', instances: 2, loads: [session(stack.auth.url), session(second.auth.url)].map((target) => ({ target, connections: half })) },
    { scenario: 'api/list', instances: 1, loads: [{ target: list(stack.api.url), connections }] },
    { scenario: 'api/list', instances: 2, loads: [list(stack.api.url), list(second.api.url)].map((target) => ({ target, connections: half })) },
  ]
  const names = new Map<number, string>([
    [stack.auth.pid, 'auth'],
    [stack.api.pid, 'api'],
    [second.auth.pid, 'auth2'],
    [second.api.pid, 'api2'],
    [process.pid, 'bench'],
  ])
  const runs = cases.map(() => ({ runs: [] as Run[], cpu: [] as Array<Record<string, number>> }))
  for (let round = 0; round < 2; round++) {
    for (const [index, { loads }] of cases.entries()) {
      const before = cpuSnapshot([...names.keys()])
      const run = await measureTogether(loads, seconds)
      runs[index]?.runs.push(run)
      runs[index]?.cpu.push(cpuPercent(before, cpuSnapshot([...names.keys()]), names))
    }
  }
  return cases.map(({ scenario, instances, loads }, index) => ({
    scenario: `scale-out/${scenario}`,
    instances,
    connections: loads.reduce((total, load) => total + load.connections, 0),
    ...combine(runs[index]?.runs ?? []),
    cpu_percent: averageUsage(runs[index]?.cpu ?? []),
  }))
}

export function averageUsage(samples: Array<Record<string, number>>): Record<string, number> {
  const totals: Record<string, number> = {}
  for (const sample of samples) for (const [name, value] of Object.entries(sample)) totals[name] = (totals[name] ?? 0) + value
  return Object.fromEntries(Object.entries(totals).map(([name, value]) => [name, Math.round(value / samples.length)]))
}
