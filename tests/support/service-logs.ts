import { appendFileSync } from 'node:fs'
import path from 'node:path'
import { createLogger, type Logger } from '@tasklane/logging'
import { inject } from 'vitest'
import { SECRETS_FILE } from './secrets.ts'

/**
 * A service's logger in tests: everything, at trace, into the run's log folder, where the scan at the end of the run
 * reads it (tests/setup/log-scan.ts). Nothing reaches the test output.
 */
export function serviceLogger(service: string): Logger {
  const file = path.join(inject('serviceLogDir'), `${service}-${process.pid}.log`)
  // Written at once: a worker may end before an asynchronous stream would have flushed.
  return createLogger({ service, level: 'trace', destination: { write: (line: string) => appendFileSync(file, line) } })
}

/** What a service process wrote, kept for the scan. */
export function keepServiceOutput(service: string, pid: number | undefined, output: string): void {
  appendFileSync(path.join(inject('serviceLogDir'), `${service}-child-${pid ?? 'unknown'}.log`), output)
}

/** Passwords and session cookies the helpers handle; a session cookie is noted as its token and its whole value. */
export function noteSecrets(...secrets: string[]): void {
  const lines = secrets.flatMap((secret) => {
    if (!secret.includes('session_token=')) return [secret]
    const value = decodeURIComponent(secret.slice(secret.indexOf('=') + 1))
    return [value, value.split('.')[0] ?? '']
  })
  appendFileSync(path.join(inject('serviceLogDir'), SECRETS_FILE), `${lines.join('\n')}\n`)
}
