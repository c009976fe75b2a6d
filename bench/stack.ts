import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { freePort } from '@tasklane/test-kit/free-port'
import { type ServiceProcess, type ServiceProcessOptions, startServiceProcess } from '@tasklane/test-kit/service-process'
import { NEXT_BIN, nextServeArgs } from '../scripts/next-cli.ts'
import type { DatabaseKind } from './bench-options.ts'
import { BENCH_ORIGIN } from './seed.ts'

/** A service whose output goes straight to a log file: the bench never reads it on the hot path. */
const spawnProcess = ({ logDir, ...options }: Omit<ServiceProcessOptions, 'logFile' | 'readyTimeoutMs'> & { logDir: string }) =>
  startServiceProcess({ ...options, logFile: path.join(logDir, `${options.name.replace(/[^\w.-]+/g, '_')}.log`), readyTimeoutMs: 120_000 })

export interface Stack {
  database: DatabaseKind
  databaseUrl: string
  auth: ServiceProcess
  api: ServiceProcess
  stock: ServiceProcess
  /** Better Auth with its defaults and nothing of Tasklane's (bench/bare-better-auth-main.ts), on the same tables. */
  bare: ServiceProcess
  web: ServiceProcess | undefined
  /** A second auth and a second api (each api on its own auth), for the one-versus-two-instances run. */
  second: { auth: ServiceProcess; api: ServiceProcess } | undefined
  processes(): ServiceProcess[]
}

export interface StackOptions {
  database: DatabaseKind
  databaseUrl: string
  redisUrl: string | undefined
  secret: string
  web: boolean
  secondInstance: boolean
  logDir: string
  profileDir: string | undefined
  /** The mail server auth sends to (production requires one): the bench's own sink. */
  smtpUrl: string
}

/**
 * Auth, api, stock and bare Better Auth and (optionally) web for one database, each as its own process started
 * the way `npm start` starts it, in production mode. Rate limiting is off in every auth service: Better Auth's
 * get-session is rate-limited per client IP (100 per 10 s), which would otherwise cap the anchors themselves.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { database, databaseUrl, redisUrl, secret, logDir, profileDir } = options
  const label = database.replace('+', '-')
  const common = { NODE_ENV: 'production', HOST: '127.0.0.1', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', TRUSTED_ORIGINS: BENCH_ORIGIN }
  const authEnv = {
    ...common,
    DATABASE_URL: databaseUrl,
    BETTER_AUTH_SECRET: secret,
    BETTER_AUTH_URL: BENCH_ORIGIN,
    RATE_LIMIT_ENABLED: 'false',
    // Production requires a mail server: a sink of the bench's own takes the verification mail of each sign-up.
    // Its users sign in straight after sign-up.
    SMTP_URL: options.smtpUrl,
    MAIL_FROM: 'Tasklane bench <bench@localhost>',
    REQUIRE_EMAIL_VERIFICATION: 'false',
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  }
  const profile = (name: string) => {
    if (!profileDir) return []
    const dir = path.join(profileDir, name)
    mkdirSync(dir, { recursive: true })
    return ['--cpu-prof', `--cpu-prof-dir=${dir}`]
  }
  const startAuth = async (name: string, entry: string) => {
    const port = await freePort()
    return spawnProcess({ name, entry, port, env: { ...authEnv, AUTH_PORT: String(port) }, logDir, ready: 'http', nodeArgs: profile(name) })
  }
  const startApi = async (name: string, authUrl: string) => {
    const port = await freePort()
    const env = { ...common, DATABASE_URL: databaseUrl, AUTH_URL: authUrl, API_PORT: String(port) }
    return spawnProcess({ name, entry: 'apps/api/src/main.ts', port, env, logDir, ready: 'http', nodeArgs: profile(name) })
  }

  // Auth first: it applies the migrations (the database is already migrated, so this is quick) and the api
  // needs its URL.
  const authPort = await freePort()
  const authUrl = `http://127.0.0.1:${authPort}`
  const authStarting = spawnProcess({
    name: `auth@${label}`,
    entry: 'apps/auth/src/main.ts',
    port: authPort,
    env: { ...authEnv, AUTH_PORT: String(authPort) },
    logDir,
    ready: 'http',
    nodeArgs: profile(`auth@${label}`),
  })
  const apiStarting = startApi(`api@${label}`, authUrl)
  const stockStarting = startAuth(`stock-auth@${label}`, 'packages/test-kit/src/stock-auth-main.ts')
  // Bare applies no migrations: every database the bench starts a stack on is migrated already (bench/databases.ts).
  const bareStarting = startAuth(`bare-auth@${label}`, 'bench/bare-better-auth-main.ts')
  const secondStarting = options.secondInstance
    ? startAuth(`auth2@${label}`, 'apps/auth/src/main.ts').then(async (auth) => ({ auth, api: await startApi(`api2@${label}`, auth.url) }))
    : Promise.resolve(undefined)
  const webStarting = options.web
    ? apiStarting.then(async (api) => {
        const port = await freePort()
        const env = { ...common, AUTH_URL: authUrl, API_URL: api.url, NEXT_TELEMETRY_DISABLED: '1' }
        const entry = { script: NEXT_BIN, args: nextServeArgs('start', { port, host: '127.0.0.1' }) }
        return spawnProcess({ name: `web@${label}`, entry, port, env, logDir, ready: 'http', nodeArgs: profile(`web@${label}`) })
      })
    : Promise.resolve(undefined)

  const started = await Promise.allSettled([authStarting, apiStarting, stockStarting, bareStarting, secondStarting, webStarting])
  const failed = started.find((result) => result.status === 'rejected')
  if (failed) {
    const running = started.flatMap((result) => (result.status === 'fulfilled' && result.value ? [result.value] : []))
    await Promise.all(running.flatMap((value) => ('close' in value ? [value.close()] : [value.auth.close(), value.api.close()])))
    throw failed.reason
  }
  const [auth, api, stock, bare, second, web] = await Promise.all([authStarting, apiStarting, stockStarting, bareStarting, secondStarting, webStarting])
  return {
    database,
    databaseUrl,
    auth,
    api,
    stock,
    bare,
    web,
    second,
    processes: () => [auth, api, stock, bare, ...(web ? [web] : []), ...(second ? [second.auth, second.api] : [])],
  }
}
