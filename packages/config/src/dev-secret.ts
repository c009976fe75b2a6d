import { randomBytes } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * The development secret lives in the data dir so restarts keep every session valid. Two services starting at
 * once must agree on one secret: each writes a complete file under its own name and links it into place; a
 * link fails atomically if the file exists, so the loser reads the winner's whole file, never a half-written one.
 */
export function readOrCreateDevSecret(dataDir: string): string {
  const file = path.join(dataDir, 'auth-secret')
  mkdirSync(dataDir, { recursive: true })
  const candidate = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
  writeFileSync(candidate, randomBytes(32).toString('base64url'), { mode: 0o600 })
  try {
    linkSync(candidate, file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  } finally {
    rmSync(candidate, { force: true })
  }
  const secret = readFileSync(file, 'utf8').trim()
  if (secret.length < 32) throw new Error(`${file} holds a secret shorter than 32 characters: delete it to have a new one made`)
  return secret
}
