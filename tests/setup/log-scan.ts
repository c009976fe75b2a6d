import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { SECRETS_FILE, TEST_SECRET } from '../support/secrets.ts'

/**
 * "A full test run's logs, scanned, contain no cookie value, token, password or secret" (docs/security.md). Every service the
 * run starts logs at trace into one folder (`tests/support/service-logs.ts`), and every password and session token
 * the test helpers handle is noted there too. After the run, no log may contain any of them, or the secret.
 */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), `tasklane-test-logs-${project.name.replace(/\W/g, '-')}-`))
  project.provide('serviceLogDir', dir)
  return () => {
    const files = readdirSync(dir).filter((file) => file.endsWith('.log'))
    const logs = files.map((file) => readFileSync(path.join(dir, file), 'utf8'))
    const noted = readFileSync(path.join(dir, SECRETS_FILE), { encoding: 'utf8', flag: 'a+' })
    const secrets = [...new Set([TEST_SECRET, ...noted.split('\n')])].filter((secret) => secret.length >= 8)
    const leaked = secrets.filter((secret) => logs.some((log) => log.includes(secret)))
    const lines = logs.reduce((sum, log) => sum + log.split('\n').length - 1, 0)
    process.stdout.write(`${JSON.stringify({ suite: 'log-scan', project: project.name, files: files.length, lines, secrets: secrets.length, leaked: leaked.length })}\n`)
    if (leaked.length > 0) {
      // Vitest reports an error thrown here but keeps its own exit code: set the code as well, so the run fails.
      process.exitCode = 1
      throw new Error(`${leaked.length} secrets appear in the service logs kept in ${dir}`)
    }
    rmSync(dir, { recursive: true, force: true })
  }
}
