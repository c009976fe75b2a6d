import { z } from 'zod'
import { type Env, loadConfig, type logLevel, serviceFields } from './load-config.ts'
import { trustedProxyList } from './trusted-proxies.ts'

// No port or host: Next's own server listens (`next start --port`, or PORT and HOSTNAME for the standalone server.js).
const webEnv = z.object({
  NODE_ENV: serviceFields.NODE_ENV,
  LOG_LEVEL: serviceFields.LOG_LEVEL,
  AUTH_URL: z.url().default('http://127.0.0.1:3001').describe('where the web app reaches the auth service, e.g. http://auth.internal:3001'),
  API_URL: z.url().default('http://127.0.0.1:8000').describe('where the web app reaches the tasks API, e.g. http://api.internal:8000'),
  TRUSTED_PROXIES: trustedProxyList('').describe(
    'comma-separated addresses or CIDR ranges of the proxies in front of the web app (a TLS proxy), e.g. 10.0.0.2 or 10.0.0.0/24; the client is the rightmost X-Forwarded-For hop not in this list; none by default',
  ),
})

export interface WebConfig {
  nodeEnv: 'development' | 'production' | 'test'
  authUrl: string
  apiUrl: string
  trustedProxies: string[]
  logLevel: z.infer<typeof logLevel>
}

export function loadWebConfig(env: Env): WebConfig {
  const parsed = loadConfig('web', webEnv, env)
  return {
    nodeEnv: parsed.NODE_ENV,
    authUrl: parsed.AUTH_URL.replace(/\/+$/, ''),
    apiUrl: parsed.API_URL.replace(/\/+$/, ''),
    trustedProxies: parsed.TRUSTED_PROXIES,
    logLevel: parsed.LOG_LEVEL,
  }
}
