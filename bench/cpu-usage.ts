import { readFileSync } from 'node:fs'
import { processTree, statFields } from './process-tree.ts'

// USER_HZ on Linux is 100 ticks per second for /proc/<pid>/stat and /proc/stat.
const TICKS_PER_SECOND = 100

export interface CpuSnapshot {
  at: number
  /** utime + stime ticks per pid (for a tree root: of the whole tree, see `cpuSnapshot`). */
  processes: Map<number, number>
  /** Busy and total ticks of the whole machine (all cores). */
  machine: { busy: number; total: number }
}

/**
 * CPU ticks used so far by each of `pids`, and by each of `treeRoots` together with its descendants: the living
 * ones, plus the root's `cutime` and `cstime`, which hold what its exited children used once it has reaped them
 * (PostgreSQL's backends come and go with connections; the postmaster reaps them).
 */
export function cpuSnapshot(pids: number[], treeRoots: number[] = []): CpuSnapshot {
  const processes = new Map<number, number>()
  // utime, stime, cutime and cstime are fields 14 to 17 of proc(5).
  for (const pid of pids) {
    const fields = statFields(pid)
    if (fields) processes.set(pid, Number(fields[11]) + Number(fields[12]))
  }
  for (const root of treeRoots) {
    const rootFields = statFields(root)
    if (!rootFields) continue
    let ticks = Number(rootFields[13]) + Number(rootFields[14])
    for (const pid of processTree(root)) {
      const fields = statFields(pid)
      if (fields) ticks += Number(fields[11]) + Number(fields[12])
    }
    processes.set(root, ticks)
  }
  const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).map(Number)
  const total = ticks.reduce((sum, value) => sum + value, 0)
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0)
  return { at: performance.now(), processes, machine: { busy: total - idle, total } }
}

/**
 * Percent of one core each process used between two snapshots (200 = both cores of a 2-core machine),
 * and the whole machine's busy share in the same unit.
 */
export function cpuPercent(before: CpuSnapshot, after: CpuSnapshot, names: Map<number, string>): Record<string, number> {
  const seconds = (after.at - before.at) / 1000
  return Object.fromEntries(Object.entries(cpuMs(before, after, names)).map(([name, ms]) => [name, Math.round((ms / 1000 / seconds) * 100)]))
}

/** Milliseconds of CPU each process used between two snapshots, and the whole machine's busy milliseconds (all cores). */
export function cpuMs(before: CpuSnapshot, after: CpuSnapshot, names: Map<number, string>): Record<string, number> {
  const usage: Record<string, number> = {}
  for (const [pid, name] of names) {
    const start = before.processes.get(pid)
    const end = after.processes.get(pid)
    if (start !== undefined && end !== undefined) usage[name] = ((end - start) * 1000) / TICKS_PER_SECOND
  }
  usage.machine = ((after.machine.busy - before.machine.busy) * 1000) / TICKS_PER_SECOND
  return usage
}
