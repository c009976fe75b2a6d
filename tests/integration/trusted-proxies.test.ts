import { hasNginx, NGINX_PATH, type ReverseProxy, startReverseProxy } from '@tasklane/test-kit/reverse-proxy'
import { Agent, fetch, type Response } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts'
import { type ChildService, type RunningService, TRUSTED_ORIGIN, type TestUser, randomIp, signUp, spawnService, startApi, startAuth } from '../support/test-stack.ts'
import { noteSecrets } from '../support/service-logs.ts'

/**
 * TRUSTED_PROXIES through a real nginx on loopback. Clients bind their sockets to their own loopback addresses
 * (127.0.0.2, 127.0.0.3, …), nginx connects upstream from 127.0.0.5 (`proxy_bind`) and appends the client's address
 * to X-Forwarded-For, as an operator's proxy does; the services trust 127.0.0.4/30 (.4 to .7), a range. Each client
 * must get a sign-in rate limit of its own, and none may escape it by writing X-Forwarded-For itself.
 */
if (!hasNginx) console.error(`\n*** REVERSE-PROXY TESTS SKIPPED: no nginx at ${NGINX_PATH} (apt-get install nginx; .ci/run installs it). ***\n`)

const PROXY_ADDRESS = '127.0.0.5'
const PROXY_RANGE = '127.0.0.4/30'
const SIGN_IN_MAX = 3
// Long enough that every attempt of a test lands in one window on a loaded machine.
const RATE_LIMITS = { RATE_LIMIT_SIGN_IN_MAX: String(SIGN_IN_MAX), RATE_LIMIT_WINDOW: '120' }

/** A client whose connections all come from `localAddress`. */
function clientAt(localAddress: string) {
  const agent = new Agent({ localAddress })
  return {
    localAddress,
    async signIn(origin: string, user: TestUser, forwardedFor?: string): Promise<Response> {
      return fetch(`${origin}/api/auth/sign-in/email`, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
        body: JSON.stringify({ email: user.email, password: user.password }),
      })
    },
    /** The address auth stored with the session this response started. */
    async sessionAddress(origin: string, signedIn: Response): Promise<string> {
      const cookie = signedIn.headers.getSetCookie().find((value) => value.startsWith('better-auth.session_token='))?.split(';')[0]
      if (!cookie) throw new Error(`no session cookie (status ${signedIn.status})`)
      noteSecrets(cookie)
      const response = await fetch(`${origin}/api/auth/get-session`, { dispatcher: agent, headers: { cookie } })
      return ((await response.json()) as { session: { ipAddress: string } }).session.ipAddress
    },
    close: () => agent.close(),
  }
}
type Client = ReturnType<typeof clientAt>

/** Sign-in statuses for `attempts` tries by `client` through `origin`; a fresh X-Forwarded-For each time when `rotate`. */
async function signInStatuses(client: Client, origin: string, user: TestUser, attempts: number, { rotate = false } = {}) {
  const statuses: number[] = []
  for (let attempt = 0; attempt < attempts; attempt++) {
    const response = await client.signIn(origin, user, rotate ? randomIp() : undefined)
    noteSecrets(...response.headers.getSetCookie().map((value) => value.split(';')[0] ?? ''))
    await response.body?.cancel()
    statuses.push(response.status)
  }
  return statuses
}

const LIMITED = [...Array<number>(SIGN_IN_MAX).fill(200), 429]

interface Stack {
  /** nginx, in front of `upstream`. */
  origin(): string
  /** What nginx forwards to: auth itself, or the web server. */
  upstream(): string
  /** Auth, for signing users up (from loopback, with an address of their own, as test-stack's signUp does). */
  authUrl(): string
  /**
   * The clients' own addresses, different for each stack: Better Auth's memory rate-limit store is one per process,
   * shared by every auth instance a test file starts.
   */
  clientAddresses: [string, string, string, string]
}

/** The rate-limit properties, for nginx in front of auth or of the web server. */
function limitsPerClient({ origin, upstream, authUrl, clientAddresses }: Stack) {
  const clients = clientAddresses.map(clientAt)
  const [first, second, rotating, direct] = clients as [Client, Client, Client, Client]
  afterAll(async () => {
    for (const client of clients) await client.close()
  })

  it('gives each client behind the proxy its own sign-in limit, keyed by the address nginx saw', async () => {
    const [firstUser, secondUser] = await Promise.all([signUp(authUrl()), signUp(authUrl())])
    expect(await signInStatuses(first, origin(), firstUser, SIGN_IN_MAX + 1)).toEqual(LIMITED)
    // The first client is limited now; the second, behind the same proxy, is not.
    const signedIn = await second.signIn(origin(), secondUser)
    expect(signedIn.status).toBe(200)
    expect(await second.sessionAddress(origin(), signedIn)).toBe(second.localAddress)
  })

  it('keeps a client that writes a new X-Forwarded-For on every attempt to its own limit', async () => {
    const user = await signUp(authUrl())
    expect(await signInStatuses(rotating, origin(), user, SIGN_IN_MAX + 1, { rotate: true })).toEqual(LIMITED)
  })

  it('ignores the X-Forwarded-For of a client that goes around the proxy', async () => {
    const user = await signUp(authUrl())
    expect(await signInStatuses(direct, upstream(), user, SIGN_IN_MAX + 1, { rotate: true })).toEqual(LIMITED)
  })
}

describe.skipIf(!hasNginx)('auth behind nginx, with the proxy’s range in auth’s TRUSTED_PROXIES', () => {
  let auth: RunningService
  let proxy: ReverseProxy
  beforeAll(async () => {
    // 127.0.0.1 too, as for a web server beside auth: test-stack's signUp names a fresh client address from there.
    auth = await startAuth({ ...RATE_LIMITS, TRUSTED_PROXIES: `127.0.0.1,${PROXY_RANGE}` })
    proxy = await startReverseProxy({ upstream: auth.url, bindAddress: PROXY_ADDRESS })
  })
  afterAll(async () => {
    await proxy?.stop()
    await auth?.close()
  })

  limitsPerClient({ origin: () => proxy.url, upstream: () => auth.url, authUrl: () => auth.url, clientAddresses: ['127.0.0.2', '127.0.0.3', '127.0.0.9', '127.0.0.10'] })
})

describe.skipIf(!hasNginx)('next start behind nginx, with the proxy’s range in web’s TRUSTED_PROXIES', () => {
  let auth: RunningService
  let api: RunningService
  let web: ChildService
  let proxy: ReverseProxy
  beforeAll(async () => {
    ensureWebBuild()
    // Auth keeps its default, loopback: the web server forwards to it from 127.0.0.1.
    auth = await startAuth(RATE_LIMITS)
    api = await startApi(auth.url)
    web = await spawnService('web', { AUTH_URL: auth.url, API_URL: api.url, TRUSTED_PROXIES: PROXY_RANGE })
    proxy = await startReverseProxy({ upstream: web.url, bindAddress: PROXY_ADDRESS })
  }, 300_000)
  afterAll(async () => {
    await proxy?.stop()
    await web?.close()
    await api?.close()
    await auth?.close()
  })

  limitsPerClient({ origin: () => proxy.url, upstream: () => web.url, authUrl: () => auth.url, clientAddresses: ['127.0.0.12', '127.0.0.13', '127.0.0.19', '127.0.0.20'] })
})

describe('a TRUSTED_PROXIES entry that is not an address or a CIDR range', () => {
  it.each([
    ['auth', {}],
    ['web', { AUTH_URL: 'http://127.0.0.1:9', API_URL: 'http://127.0.0.1:9' }],
  ] as const)('stops %s at start-up, naming the variable and the entry', async (service, env) => {
    if (service === 'web') ensureWebBuild()
    await expect(spawnService(service, { ...env, TRUSTED_PROXIES: '127.0.0.1,10.0.0.0/33' })).rejects.toThrow(/exited \(1\)[\s\S]*TRUSTED_PROXIES[\s\S]*"10\.0\.0\.0\/33"/)
  }, 300_000)
})
