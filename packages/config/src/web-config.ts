import { isIP } from 'node:net'
import { z } from 'zod'
import { type Env, loadConfig, type logLevel, serviceFields } from './load-config.ts'

// No port or host: Next's own server listens (`next start --port`, or PORT and HOSTNAME for the standalone server.js).
const webEnv = z.object({
  NODE_ENV: serviceFields.NODE_ENV,
  LOG_LEVEL: serviceFields.LOG_LEVEL,
  AUTH_URL: z.url().default('http://127.0.0.1:3001').describe('where the web app reaches the auth service, e.g. http://auth.internal:3001'),
  API_URL: z.url().default('http://127.0.0.1:8000').describe('where the web app reaches the tasks API, e.g. http://api.internal:8000'),
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const addresses = value.split(',').map((part) => part.trim()).filter(Boolean)
      for (const address of addresses) {
        if (isIP(address) === 0) ctx.addIssue({ code: 'custom', message: `"${address}" is not an IP address` })
      }
      return addresses
    })
    .describe('comma-separated addresses of the proxies in front of the web app (a TLS proxy) whose last X-Forwarded-For hop names the client; none by default'),
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
