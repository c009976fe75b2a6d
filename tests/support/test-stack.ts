import { randomBytes } from 'node:crypto'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createApp as createApiApp } from '@tasklane/api'
import { createApp as createAuthApp } from '@tasklane/auth'
import { loadApiConfig } from '@tasklane/config/api'
import { loadAuthConfig } from '@tasklane/config/auth'
import type { Env } from '@tasklane/config/load'
import { listen } from '@tasklane/http/serve-app'
import type { Logger } from '@tasklane/logging'
import { freePort } from '@tasklane/test-kit/free-port'
import { type ServiceProcess, startServiceProcess } from '@tasklane/test-kit/service-process'
import { type Context, Hono } from 'hono'
import { afterAll, beforeAll, inject } from 'vitest'
import { keepServiceOutput, noteSecrets, serviceLogger } from './service-logs.ts'
import { TEST_SECRET } from './secrets.ts'
import { forwardRequest } from '../../apps/web/lib/forward-request.server.ts'
import { authPathNotFound, isBrowserAuthEndpoint } from '../../apps/web/lib/auth-allowlist.server.ts'
import { NEXT_BIN, nextServeArgs } from '../../scripts/next-cli.ts'

export const TRUSTED_ORIGIN = 'http://localhost:3000'
export { TEST_SECRET }

export interface RunningService {
  url: string
  port: number
  /** Resolves once the work the service does after answering (auth's mail) is done. */
  settled?(): Promise<void>
  close(): Promise<void>
}

/** The auth configuration every test starts from: this project's database, a fixed secret, a free port. */
export function authTestConfig(env: Env = {}) {
  return loadAuthConfig({
    NODE_ENV: 'test',
    AUTH_PORT: '0',
    DATABASE_URL: inject('databaseUrl'),
    BETTER_AUTH_SECRET: TEST_SECRET,
    TRUSTED_ORIGINS: TRUSTED_ORIGIN,
    ...env,
  })
}

/** Auth built exactly as its main builds it, on a free port (or the one given, to restart in place). */
export async function startAuth(env: Env = {}): Promise<RunningService> {
  const config = authTestConfig(env)
  const logger = serviceLogger('auth')
  const service = createAuthApp(config, logger)
  const running = await serveInProcess(service, config.host, config.port, logger)
  return { ...running, settled: () => service.mailer.settled() }
}

export async function startApi(authUrl: string, env: Env = {}): Promise<RunningService> {
  const config = loadApiConfig({
    NODE_ENV: 'test',
    API_PORT: '0',
    DATABASE_URL: inject('databaseUrl'),
    AUTH_URL: authUrl,
    TRUSTED_ORIGINS: TRUSTED_ORIGIN,
    ...env,
  })
  const logger = serviceLogger('api')
  const service = createApiApp(config, logger)
  return serveInProcess(service, config.host, config.port, logger)
}

/**
 * The web origin's forwarding (`/api/auth/*` to auth, the tasks and lists routes to the api) as its route handlers call it
 * (`apps/web/app/api/…/route.ts`), served without Next.js: for tests of what passes through it. The client's address is
 * the connection's, as the web server makes it (`apps/web/lib/client-address.server.ts`); `tests/integration/web-origin.test.ts`
 * checks that part, and the rest once more, through `next start`.
 */
export async function startWebForwarder(authUrl: string, apiUrl: string): Promise<RunningService> {
  const logger = serviceLogger('web')
  const app = new Hono()
  const to = (target: string, withoutTokens: boolean) => (c: Context) =>
    forwardRequest(c.req.raw, { target, clientAddress: getConnInfo(c).remote.address, withoutTokens, logger })
  app.all('/api/auth/*', (c) => (isBrowserAuthEndpoint(c.req.method, c.req.path) ? to(authUrl, true)(c) : authPathNotFound(c.req.raw)))
  app.all('/api/:userId/tasks', to(apiUrl, false))
  app.all('/api/:userId/tasks/*', to(apiUrl, false))
  app.all('/api/:userId/lists', to(apiUrl, false))
  app.all('/api/:userId/lists/*', to(apiUrl, false))
  app.all('/api/:userId/export', to(apiUrl, false))
  return serveInProcess({ app, close: async () => {} }, '127.0.0.1', 0, logger)
}

export async function serveInProcess(
  service: { app: Parameters<typeof listen>[0]['app']; close(): Promise<void> },
  host: string,
  port: number,
  logger: Logger,
): Promise<RunningService> {
  const server = await listen({ app: service.app, host, port, logger })
  return {
    url: server.url,
    port: server.port,
    async close() {
      await server.close()
      await service.close()
    },
  }
}

export type ChildService = ServiceProcess

const SERVICES = {
  auth: { portKey: 'AUTH_PORT', entry: () => 'apps/auth/src/main.ts' },
  api: { portKey: 'API_PORT', entry: () => 'apps/api/src/main.ts' },
  // `next start` on the last build (e2e/setup/web-build.ts, or `ensureWebBuild()` in the test file makes one).
  web: { portKey: 'WEB_PORT', entry: (port: number) => ({ script: NEXT_BIN, args: nextServeArgs('start', { port, host: '127.0.0.1' }) }) },
} as const

/** A service as its own process, started the way `npm start` starts it, for killing or freezing it for real. */
export async function spawnService(name: keyof typeof SERVICES, env: Env): Promise<ChildService> {
  const { portKey, entry } = SERVICES[name]
  const port = Number(env[portKey] ?? (await freePort()))
  const defined = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined))
  const service = await startServiceProcess({
    name,
    entry: entry(port),
    port,
    env: {
      NODE_ENV: 'test',
      DATABASE_URL: inject('databaseUrl'),
      BETTER_AUTH_SECRET: TEST_SECRET,
      TRUSTED_ORIGINS: TRUSTED_ORIGIN,
      LOG_LEVEL: 'trace',
      NEXT_TELEMETRY_DISABLED: '1',
      ...defined,
      [portKey]: String(port),
    },
    ready: 'http',
    readyTimeoutMs: 30_000,
  })
  service.child.once('close', () => keepServiceOutput(name, service.pid, service.output()))
  return service
}

export { freePort }

export interface TestUser {
  email: string
  password: string
  userId: string
  /** `better-auth.session_token=…`, ready for a Cookie header. */
  cookie: string
}

/**
 * Signs a new user up. Each user comes from its own client IP (as the web forwarder reports it), so the
 * strict sign-up rate limit applies per user, as it would to real people.
 */
export async function signUp(authUrl: string, overrides: Partial<{ email: string; password: string }> = {}): Promise<TestUser> {
  const email = overrides.email ?? `user-${randomBytes(6).toString('hex')}@example.com`
  const password = overrides.password ?? `pw-${randomBytes(8).toString('hex')}`
  const response = await fetch(`${authUrl}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, 'x-forwarded-for': randomIp() },
    body: JSON.stringify({ email, password, name: 'Test User' }),
  })
  noteSecrets(password)
  if (response.status !== 200) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`)
  const body = (await response.json()) as { user: { id: string } }
  return { email, password, userId: body.user.id, cookie: sessionCookie(response) }
}

export async function signIn(authUrl: string, user: Pick<TestUser, 'email' | 'password'>): Promise<Response> {
  noteSecrets(user.password)
  const response = await fetch(`${authUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, 'x-forwarded-for': randomIp() },
    body: JSON.stringify({ email: user.email, password: user.password }),
  })
  noteSessionCookie(response)
  return response
}

export async function signOut(authUrl: string, cookie: string): Promise<Response> {
  return fetch(`${authUrl}/api/auth/sign-out`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, cookie },
    body: '{}',
  })
}

/** The session cookie's `name=value` from a response's Set-Cookie headers. */
export function sessionCookie(response: Response): string {
  const cookie = noteSessionCookie(response)
  if (cookie === undefined) throw new Error('no session cookie in the response')
  return cookie
}

/** The session cookie's `name=value`, if the response sets one, noted for the log scan. */
function noteSessionCookie(response: Response): string | undefined {
  const nameAndValue = response.headers.getSetCookie().find((value) => value.startsWith('better-auth.session_token='))?.split(';')[0]
  if (nameAndValue !== undefined) noteSecrets(nameAndValue)
  return nameAndValue
}

export function randomIp(): string {
  const bytes = randomBytes(3)
  return `10.${bytes[0]}.${bytes[1]}.${bytes[2]}`
}

/** A browser-like call to the api: the trusted Origin on writes, JSON bodies. */
export function apiCall(apiUrl: string, cookie: string | undefined) {
  return (method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${apiUrl}${pathname}`, {
      method,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(method === 'GET' ? {} : { origin: TRUSTED_ORIGIN }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
}

export interface SignedInStack {
  readonly auth: RunningService
  readonly api: RunningService
  /** Signed up once for the whole file. */
  readonly user: TestUser
}

/**
 * Auth, the api and one signed-up user for a whole test file, started before its first test and stopped after its
 * last. Call at the top of the file; read the fields inside tests.
 */
export function useSignedInStack(): SignedInStack {
  const running: Partial<{ auth: RunningService; api: RunningService; user: TestUser }> = {}
  beforeAll(async () => {
    running.auth = await startAuth()
    running.api = await startApi(running.auth.url)
    running.user = await signUp(running.auth.url)
  })
  afterAll(async () => {
    await running.api?.close()
    await running.auth?.close()
  })
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the stack is not started yet: read it inside a test')
    return value
  }
  return {
    get auth() {
      return started(running.auth)
    },
    get api() {
      return started(running.api)
    },
    get user() {
      return started(running.user)
    },
  }
}
