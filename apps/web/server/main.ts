import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ConfigError } from '@tasklane/config/load'
import { loadWebConfig } from '@tasklane/config/web'
import { exitOnSignal, gracefulClose } from '@tasklane/http/serve-app'
import { createLogger } from '@tasklane/logging'
import next from 'next'
import { createWebServer } from './create-web-server.ts'

let config
try {
  config = loadWebConfig(process.env)
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(error.message)
  process.exit(1)
}
const logger = createLogger({ service: 'web', level: config.logLevel })
logger.info({ config }, 'configuration')

// Pages read the backends' addresses from the environment at request time: one build serves any deployment.
process.env.AUTH_URL = config.authUrl
process.env.API_URL = config.apiUrl

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const nextApp = next({ dev: false, dir, hostname: config.host, port: config.port })
await nextApp.prepare()
const server = createWebServer({ authUrl: config.authUrl, apiUrl: config.apiUrl, logger, renderPage: nextApp.getRequestHandler() })
server.listen(config.port, config.host, () => {
  logger.info({ url: `http://localhost:${config.port}` }, 'web ready')
})

const close = gracefulClose(server)
exitOnSignal(logger, async () => {
  await close()
  await nextApp.close()
})
