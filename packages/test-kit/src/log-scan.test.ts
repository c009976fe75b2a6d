import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { logScanProblem, scanLogs } from './log-scan.ts'

const KNOWN = ['the-secret-every-auth-signs-with']
let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tasklane-log-scan-'))
  writeFileSync(path.join(dir, 'auth-1.log'), '{"level":30,"msg":"sign-in","email":"a***@example.com"}\n{"level":30,"msg":"ok"}\n')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the whole-run log scan', () => {
  it('passes clean logs that were checked against what the helpers noted', () => {
    writeFileSync(path.join(dir, 'noted.txt'), 'pw-0123456789abcdef\nsession-token-value-1\n')
    const scan = scanLogs(dir, KNOWN, 'noted.txt')
    expect(scan).toEqual({ files: 1, lines: 2, secrets: 3, leaked: [] })
    expect(logScanProblem(scan, KNOWN.length)).toBeUndefined()
  })

  it('fails on a secret planted in a service log', () => {
    writeFileSync(path.join(dir, 'noted.txt'), 'pw-0123456789abcdef\nsession-token-value-1\n')
    appendFileSync(path.join(dir, 'api-2.log'), '{"level":20,"headers":{"cookie":"better-auth.session_token=session-token-value-1"}}\n')
    const scan = scanLogs(dir, KNOWN, 'noted.txt')
    expect(scan.leaked).toEqual(['session-token-value-1'])
    expect(logScanProblem(scan, KNOWN.length)).toBe('1 secrets appear in the service logs')
  })

  it('fails when services logged but the helpers noted (almost) nothing, so the scan checked nothing', () => {
    const scan = scanLogs(dir, KNOWN, 'noted.txt')
    expect(scan.secrets).toBe(1)
    expect(logScanProblem(scan, KNOWN.length)).toMatch(/checked only 0 noted secrets \(floor 2\)/)
  })
})
