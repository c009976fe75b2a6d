import { loadWebConfig, type WebConfig } from '@tasklane/config/web'
import { createLogger, type Logger } from '@tasklane/logging'

let config: WebConfig | undefined
let logger: Logger | undefined

/**
 * The web app's settings, read from the environment at run time (never at build time: one build serves any
 * deployment). `instrumentation.ts` reads them first, when the server starts, and stops it if they are invalid; Next
 * bundles that hook apart from the routes, so each bundle reads them once for itself.
 */
export function webConfig(): WebConfig {
  config ??= loadWebConfig(process.env)
  return config
}

export function webLogger(): Logger {
  logger ??= createLogger({ service: 'web', level: webConfig().logLevel })
  return logger
}
