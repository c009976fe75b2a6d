import { existsSync, readdirSync, readFileSync } from 'node:fs'

// Missing when the kernel is built without CONFIG_PROC_CHILDREN.
const HAS_CHILDREN_FILES = existsSync(`/proc/${process.pid}/task/${process.pid}/children`)

/**
 * A process and all its descendants, root first. PostgreSQL is a postmaster plus one process per background
 * worker and per connection, so its memory and CPU are those of the whole tree. Children are read from
 * `/proc/<pid>/task/<tid>/children` (see proc(5)); where the kernel does not offer that file, every process's
 * parent is read from `/proc/<pid>/stat` instead.
 */
export function processTree(root: number): number[] {
  const childrenOf = HAS_CHILDREN_FILES ? childrenFromTasks : childrenFromStat()
  const tree: number[] = []
  const pending = [root]
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    tree.push(pid)
    pending.push(...childrenOf(pid))
  }
  return tree
}

/**
 * The fields of `/proc/<pid>/stat` after the command name (which may hold spaces and parentheses): index 0 is
 * field 3 (state), so field N of proc(5) is at index N - 3. Undefined once the process is gone.
 */
export function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

function childrenFromTasks(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    )
  } catch {
    return [] // the process is gone
  }
}

/** Every process's children, from the parent pid in each `/proc/<pid>/stat` (field 4 of proc(5)). */
function childrenFromStat(): (pid: number) => number[] {
  const byParent = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const parent = Number(statFields(Number(entry))?.[1])
    if (Number.isInteger(parent)) byParent.set(parent, [...(byParent.get(parent) ?? []), Number(entry)])
  }
  return (pid) => byParent.get(pid) ?? []
}
