import { readFileSync } from 'node:fs'

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
