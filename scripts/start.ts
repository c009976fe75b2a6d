// `npm start`: the embedded database (unless DATABASE_URL is set), then every service as its own process.
import { type ServedDatabase, serveEmbeddedDatabase } from '@tasklane/db/embedded/serve'
import concurrently from 'concurrently'
import waitOn from 'wait-on'
import { ensureWebBuild } from './ensure-web-build.ts'

const env = { ...process.env }
const authPort = env.AUTH_PORT ?? '3001'
const apiPort = env.API_PORT ?? '8000'
const webPort = env.WEB_PORT ?? '3000'

ensureWebBuild()

let database: ServedDatabase | undefined
if (!env.DATABASE_URL) {
  try {
    database = await serveEmbeddedDatabase(env, (line) => console.log(line))
  } catch (error) {
    console.error((error as Error).message)
    console.error('If another Tasklane is running, stop it or set TASKLANE_DB_PORT; or set DATABASE_URL to use a PostgreSQL server.')
    process.exit(1)
  }
  env.DATABASE_URL = database.url
}
env.AUTH_URL ??= `http://127.0.0.1:${authPort}`
env.API_URL ??= `http://127.0.0.1:${apiPort}`
env.NEXT_TELEMETRY_DISABLED = '1'

const { result, commands } = concurrently(
  [
    { name: 'auth', command: 'node --import tsx apps/auth/src/main.ts', env, prefixColor: 'blue' },
    { name: 'api', command: 'node --import tsx apps/api/src/main.ts', env, prefixColor: 'magenta' },
    { name: 'web', command: 'node --import tsx apps/web/server/main.ts', env, prefixColor: 'green' },
  ],
  { killOthersOn: ['failure', 'success'], killSignal: 'SIGTERM', prefix: 'name' },
)

// Ctrl-C reaches every process in the terminal's group; a SIGTERM to this one alone must reach them too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const command of commands) command.kill(signal)
  })
}

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
