import { readFileSync } from 'node:fs'
import { processTree } from './process-tree.ts'

/** Resident set size of a process in MB, from /proc/<pid>/status (`VmRSS`); undefined if it is gone. */
export function rssMb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match?.[1] ? Math.round(Number(match[1]) / 1024) : undefined
  } catch {
    return undefined
  }
}

export interface RssSampler {
  /** The largest RSS each process reached while sampling ran. */
  peaks(): Map<number, number>
  stop(): void
}

/** Samples RSS of `pids` every `intervalMs` while load runs: "under load" is the peak seen. */
export function sampleRss(pids: number[], intervalMs = 250): RssSampler {
  const peaks = new Map<number, number>()
  const sample = () => {
    for (const pid of pids) {
      const mb = rssMb(pid)
      if (mb !== undefined && mb > (peaks.get(pid) ?? 0)) peaks.set(pid, mb)
    }
  }
  sample()
  const timer = setInterval(sample, intervalMs)
  return {
    peaks: () => peaks,
    stop: () => clearInterval(timer),
  }
}

/** Memory of a process and its descendants in MB. */
export interface TreeMemory {
  /** Each process's resident set, summed: memory they share (PostgreSQL's shared buffers, the binary) counts once per process, so this overstates. */
  rss_mb: number
  /** Proportional set sizes, summed: each shared page is split between the processes mapping it, so this is what the tree really holds. */
  pss_mb: number
  processes: number
}

/**
 * From `/proc/<pid>/smaps_rollup` (Linux 4.14+), which another user's process (PostgreSQL runs as `postgres` when
 * the bench runs as root) lets only root read. Undefined when none could be read.
 */
export function treeMemoryMb(root: number): TreeMemory | undefined {
  let rssKb = 0
  let pssKb = 0
  let processes = 0
  for (const pid of processTree(root)) {
    let rollup: string
    try {
      rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
    } catch {
      continue // exited between the listing and the read (a closed connection's backend)
    }
    rssKb += Number(/^Rss:\s+(\d+) kB$/m.exec(rollup)?.[1] ?? 0)
    pssKb += Number(/^Pss:\s+(\d+) kB$/m.exec(rollup)?.[1] ?? 0)
    processes++
  }
  return processes === 0 ? undefined : { rss_mb: Math.round(rssKb / 1024), pss_mb: Math.round(pssKb / 1024), processes }
}

export interface TreeMemorySampler {
  /** The largest RSS sum, PSS sum and process count seen while sampling ran (each on its own: maybe not in one sample). */
  peak(): TreeMemory | undefined
  stop(): void
}

/**
 * Samples a process tree's memory every `intervalMs`. Slower than `sampleRss`: it reads one `smaps_rollup` per
 * process (PostgreSQL has one per connection), in the load generator's own event loop.
 */
export function sampleTreeMemory(root: () => number | undefined, intervalMs = 1_000): TreeMemorySampler {
  let peak: TreeMemory | undefined
  const sample = () => {
    const pid = root()
    const now = pid === undefined ? undefined : treeMemoryMb(pid)
    if (!now) return
    peak = peak
      ? { rss_mb: Math.max(peak.rss_mb, now.rss_mb), pss_mb: Math.max(peak.pss_mb, now.pss_mb), processes: Math.max(peak.processes, now.processes) }
      : now
  }
  sample()
  const timer = setInterval(sample, intervalMs)
  return {
    peak: () => peak,
    stop: () => clearInterval(timer),
  }
}
