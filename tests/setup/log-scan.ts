import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { logScanProblem, scanLogs } from '@tasklane/test-kit/log-scan'
import type { TestProject } from 'vitest/node'
import { SECRET_MARKERS, SECRETS_FILE, TEST_SECRET } from '../support/secrets.ts'

/**
 * "A full test run's logs, scanned, contain no cookie value, token, password, TOTP secret, backup code or secret" (docs/security.md). Every service the
 * run starts logs at trace into one folder (`tests/support/service-logs.ts`), and every password and session token
 * the test helpers handle is noted there too. After the run, no log may contain any of them, or the secret; and a run
 * whose services logged while nothing was noted fails too (packages/test-kit/src/log-scan.ts).
 */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), `tasklane-test-logs-${project.name.replace(/\W/g, '-')}-`))
  project.provide('serviceLogDir', dir)
  return () => {
    const known = [TEST_SECRET, ...SECRET_MARKERS]
    const scan = scanLogs(dir, known, SECRETS_FILE)
    const { leaked, ...counts } = scan
    process.stdout.write(`${JSON.stringify({ suite: 'log-scan', project: project.name, ...counts, leaked: leaked.length })}\n`)
    const problem = logScanProblem(scan, known.length)
    if (problem) {
      // Vitest reports an error thrown here but keeps its own exit code: set the code as well, so the run fails.
      process.exitCode = 1
      throw new Error(`${problem} (kept in ${dir})`)
    }
    rmSync(dir, { recursive: true, force: true })
  }
}
