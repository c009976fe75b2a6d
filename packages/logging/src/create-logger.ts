import { pino, type DestinationStream, type Logger } from 'pino'
import { REDACT_PATHS } from './redact-paths.ts'
import { serializeError } from './serialize-error.ts'

export type { Logger } from 'pino'
export { maskEmail } from './mask-email.ts'

export interface LoggerOptions {
  service: string
  level: string
  /** Tests pass a stream to read what was logged. */
  destination?: DestinationStream
}

export function createLogger({ service, level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
    },
    destination,
  )
}
