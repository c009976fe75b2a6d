import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { firstBlockingFolder } from './database-user-access.ts'

const root = mkdtempSync(path.join(tmpdir(), 'tasklane-access-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('firstBlockingFolder', () => {
  const owner = statSync(root).uid
  const stranger = { uid: 4_000_123, gids: [4_000_123] }

  it('finds the first folder a stranger may not enter, and none for a folder open to all', () => {
    const open = path.join(root, 'open')
    const closed = path.join(root, 'closed')
    mkdirSync(path.join(open, 'inner'), { recursive: true })
    mkdirSync(path.join(closed, 'inner'), { recursive: true })
    chmodSync(root, 0o755)
    chmodSync(open, 0o755)
    chmodSync(closed, 0o700)
    expect(firstBlockingFolder(path.join(open, 'inner', 'not-yet', 'data'), stranger)).toBeUndefined()
    expect(firstBlockingFolder(path.join(closed, 'inner', 'data'), stranger)).toBe(closed)
    expect(firstBlockingFolder(path.join(closed, 'inner', 'data'), undefined)).toBe(closed)
  })

  it('lets the owner in by the owner bits and a group member by the group bits', () => {
    const ownerOnly = path.join(root, 'owner-only')
    const groupOnly = path.join(root, 'group-only')
    mkdirSync(ownerOnly)
    mkdirSync(groupOnly)
    chmodSync(ownerOnly, 0o700)
    chmodSync(groupOnly, 0o050)
    const gid = statSync(groupOnly).gid
    expect(firstBlockingFolder(path.join(ownerOnly, 'data'), { uid: owner, gids: [] })).toBeUndefined()
    expect(firstBlockingFolder(path.join(groupOnly, 'data'), { uid: 4_000_124, gids: [gid] })).toBeUndefined()
    expect(firstBlockingFolder(path.join(groupOnly, 'data'), stranger)).toBe(groupOnly)
  })
})
