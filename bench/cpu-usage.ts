import { readFileSync } from 'node:fs'

// USER_HZ on Linux is 100 ticks per second for /proc/<pid>/stat and /proc/stat.
const TICKS_PER_SECOND = 100

export interface CpuSnapshot {
  at: number
  /** utime + stime ticks per pid. */
  processes: Map<number, number>
  /** Busy and total ticks of the whole machine (all cores). */
  machine: { busy: number; total: number }
}

export function cpuSnapshot(pids: number[]): CpuSnapshot {
  const processes = new Map<number, number>()
  for (const pid of pids) {
    try {
      // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      processes.set(pid, Number(fields[11]) + Number(fields[12]))
    } catch {
      // the process is gone
    }
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
  const usage: Record<string, number> = {}
  for (const [pid, name] of names) {
    const start = before.processes.get(pid)
    const end = after.processes.get(pid)
    if (start !== undefined && end !== undefined) usage[name] = Math.round(((end - start) / TICKS_PER_SECOND / seconds) * 100)
  }
  const busy = after.machine.busy - before.machine.busy
  const total = after.machine.total - before.machine.total
  const cores = total / TICKS_PER_SECOND / seconds
  usage.machine = total > 0 ? Math.round((busy / total) * cores * 100) : 0
  return usage
}
