import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readOrCreateDevSecret } from './dev-secret.ts'

let root: string
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'tasklane-dev-secret-'))
})
afterEach(() => {
  rmSync(root, { recursive: true, force: true })
})

describe('readOrCreateDevSecret', () => {
  it('creates the data dir and a private secret file of at least 32 characters', () => {
    const dataDir = path.join(root, 'nested', 'data')
    const secret = readOrCreateDevSecret(dataDir)
    const file = path.join(dataDir, 'auth-secret')
    expect(secret.length).toBeGreaterThanOrEqual(32)
    expect(readFileSync(file, 'utf8')).toBe(secret)
    // Only the owner may read it: it signs every session.
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('returns the stored secret on every later call instead of making a new one', () => {
    const first = readOrCreateDevSecret(root)
    expect(readOrCreateDevSecret(root)).toBe(first)
    expect(readOrCreateDevSecret(root)).toBe(first)
  })

  it('gives different data dirs different secrets', () => {
    expect(readOrCreateDevSecret(path.join(root, 'a'))).not.toBe(readOrCreateDevSecret(path.join(root, 'b')))
  })

  it('keeps a secret someone wrote by hand, ignoring surrounding whitespace', () => {
    writeFileSync(path.join(root, 'auth-secret'), `  ${'s'.repeat(40)}\n`)
    expect(readOrCreateDevSecret(root)).toBe('s'.repeat(40))
  })

  it('refuses a stored secret shorter than 32 characters and says to delete the file', () => {
    writeFileSync(path.join(root, 'auth-secret'), 'too-short')
    expect(() => readOrCreateDevSecret(root)).toThrow(/shorter than 32 characters: delete it/)
  })
})
