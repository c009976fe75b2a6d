import { type ServedDatabase, serveEmbeddedDatabase } from '@tasklane/db/embedded/serve'
import { repositoryRoot } from '@tasklane/config/data-dir'
import concurrently from 'concurrently'
import waitOn from 'wait-on'

export interface Ports {
  auth: string
  api: string
  web: string
  /** The interface every service listens on (`HOST`). */
  host: string
}

/** The shell command that runs each service, from the repository root. */
export type ServiceCommands = Record<'auth' | 'api' | 'web', string>

/**
 * What `npm start` and `npm run dev` share: the embedded database (unless DATABASE_URL is set), then auth, api and web
 * as processes of their own, wired to each other; the URL once every `/health` answers; all stopped together.
 */
export async function runServices(commandsFor: (ports: Ports) => ServiceCommands): Promise<void> {
  const env = { ...process.env }
  const ports: Ports = { auth: env.AUTH_PORT ?? '3001', api: env.API_PORT ?? '8000', web: env.WEB_PORT ?? '3000', host: env.HOST || '127.0.0.1' }

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
  env.AUTH_URL ??= `http://127.0.0.1:${ports.auth}`
  env.API_URL ??= `http://127.0.0.1:${ports.api}`
  // The origin the browser is told to open; auth and the api must trust it, on whatever port web is.
  env.TRUSTED_ORIGINS ??= `http://localhost:${ports.web}`
  env.NEXT_TELEMETRY_DISABLED = '1'

  const commands = commandsFor(ports)
  const { result, commands: running } = concurrently(
    [
      { name: 'auth', command: commands.auth, env, cwd: repositoryRoot, prefixColor: 'blue' },
      { name: 'api', command: commands.api, env, cwd: repositoryRoot, prefixColor: 'magenta' },
      { name: 'web', command: commands.web, env, cwd: repositoryRoot, prefixColor: 'green' },
    ],
    { killOthersOn: ['failure', 'success'], killSignal: 'SIGTERM', prefix: 'name' },
  )

  // Ctrl-C reaches every process in the terminal's group; a SIGTERM to this one alone must reach them too.
  let stopping = false
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true
      for (const command of running) command.kill(signal)
    })
  }

  const started = performance.now()
  const health = [ports.auth, ports.api, ports.web].map((port) => `http-get://127.0.0.1:${port}/health`)
  waitOn({ resources: health, timeout: 120_000 }).then(
    () => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      console.log(`\nTasklane is ready (services up in ${seconds} s). Open http://localhost:${ports.web}`)
      console.log(`  auth http://127.0.0.1:${ports.auth} · api http://127.0.0.1:${ports.api} (reference: http://127.0.0.1:${ports.api}/docs)\n`)
    },
    (error: Error) => console.error(`services did not become ready: ${error.message}`),
  )

  // Next exits 130 or 143 after a graceful stop on SIGINT or SIGTERM: asked to stop, that is success.
  const exitCode = await result.then(
    () => 0,
    () => (stopping ? 0 : 1),
  )
  await database?.stop()
  process.exit(exitCode)
}
