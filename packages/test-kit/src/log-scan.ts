import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

export interface LogScan {
  files: number
  lines: number
  /** How many distinct secrets were looked for. */
  secrets: number
  leaked: string[]
}

/**
 * Whether any `*.log` in `dir` holds one of `known` or of the secrets noted one a line in `notedFile` (shorter than
 * 8 characters are ignored: they would match by chance).
 */
export function scanLogs(dir: string, known: string[], notedFile: string): LogScan {
  const files = readdirSync(dir).filter((file) => file.endsWith('.log'))
  const logs = files.map((file) => readFileSync(path.join(dir, file), 'utf8'))
  const noted = readFileSync(path.join(dir, notedFile), { encoding: 'utf8', flag: 'a+' })
  const secrets = [...new Set([...known, ...noted.split('\n')])].filter((secret) => secret.length >= 8)
  const leaked = secrets.filter((secret) => logs.some((log) => log.includes(secret)))
  const lines = logs.reduce((sum, log) => sum + log.split('\n').length - 1, 0)
  return { files: files.length, lines, secrets: secrets.length, leaked }
}

/**
 * What is wrong with a scan, if anything: a leak, or a scan that checked too little to mean anything. Services that
 * logged while the helpers noted fewer than `floor` secrets beyond the `known` ones means the noting stopped working,
 * and a scan of nothing would pass.
 */
export function logScanProblem(scan: LogScan, known: number, floor = 2): string | undefined {
  if (scan.leaked.length > 0) return `${scan.leaked.length} secrets appear in the service logs`
  if (scan.lines > 0 && scan.secrets - known < floor) {
    return `the services logged ${scan.lines} lines but the scan checked only ${scan.secrets - known} noted secrets (floor ${floor}): the test helpers no longer note the passwords and session tokens they use`
  }
  return undefined
}
