// `npm start`: the embedded database (unless DATABASE_URL is set), then every service as its own process.
import { resolveDataDir } from '@tasklane/config/data-dir'
import { EMBEDDED_DATABASE_PORT } from '@tasklane/config/database'
import { port as portField } from '@tasklane/config/load'
import { type EmbeddedDatabase, startEmbeddedDatabase } from '@tasklane/db/embedded'
import concurrently from 'concurrently'
import waitOn from 'wait-on'
import { ensureWebBuild } from './ensure-web-build.ts'

const env = { ...process.env }
const authPort = env.AUTH_PORT ?? '3001'
const apiPort = env.API_PORT ?? '8000'
const webPort = env.WEB_PORT ?? '3000'

ensureWebBuild()

let database: EmbeddedDatabase | undefined
if (!env.DATABASE_URL) {
  const dataDir = `${resolveDataDir(env.TASKLANE_DATA_DIR)}/pglite`
  const port = portField(EMBEDDED_DATABASE_PORT).parse(env.TASKLANE_DB_PORT)
  try {
    database = await startEmbeddedDatabase({ dataDir, port })
  } catch (error) {
    console.error(`cannot start the embedded database on 127.0.0.1:${port} (${(error as Error).message}).`)
    console.error('Another Tasklane may be running: stop it, or set TASKLANE_DB_PORT, or set DATABASE_URL to use a PostgreSQL server.')
    process.exit(1)
  }
  env.DATABASE_URL = database.url
  console.log(`embedded PostgreSQL (PGlite) in ${dataDir}, serving ${database.url}`)
}
env.AUTH_URL ??= `http://127.0.0.1:${authPort}`
env.API_URL ??= `http://127.0.0.1:${apiPort}`
env.NEXT_TELEMETRY_DISABLED = '1'

const { result } = concurrently(
  [
    { name: 'auth', command: 'node --import tsx apps/auth/src/main.ts', env, prefixColor: 'blue' },
    { name: 'api', command: 'node --import tsx apps/api/src/main.ts', env, prefixColor: 'magenta' },
    { name: 'web', command: 'node --import tsx apps/web/server/main.ts', env, prefixColor: 'green' },
  ],
  { killOthersOn: ['failure', 'success'], killSignal: 'SIGTERM', prefix: 'name' },
)

const stopDatabase = async () => {
  await database?.stop()
}

const started = performance.now()
const health = [authPort, apiPort, webPort].map((port) => `http-get://127.0.0.1:${port}/health`)
waitOn({ resources: health, timeout: 60_000 }).then(
  () => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    console.log(`\nTasklane is ready (services up in ${seconds} s). Open http://localhost:${webPort}`)
    console.log(`  auth http://127.0.0.1:${authPort} · api http://127.0.0.1:${apiPort} (reference: http://127.0.0.1:${apiPort}/docs)\n`)
  },
  (error: Error) => console.error(`services did not become ready: ${error.message}`),
)

result.then(
  async () => {
    await stopDatabase()
    process.exit(0)
  },
  async () => {
    await stopDatabase()
    process.exit(1)
  },
)
