import { z } from 'zod'
import { type Env, loadConfig, type logLevel, port, serviceFields } from './load-config.ts'

const webEnv = z.object({
  ...serviceFields,
  WEB_PORT: port(3000).describe('the port the web app listens on; the one origin the browser uses'),
  AUTH_URL: z.url().default('http://127.0.0.1:3001').describe('where the web server reaches the auth service'),
  API_URL: z.url().default('http://127.0.0.1:8000').describe('where the web server reaches the tasks API'),
})

export interface WebConfig {
  nodeEnv: 'development' | 'production' | 'test'
  host: string
  port: number
  authUrl: string
  apiUrl: string
  logLevel: z.infer<typeof logLevel>
}

export function loadWebConfig(env: Env): WebConfig {
  const parsed = loadConfig('web', webEnv, env)
  return {
    nodeEnv: parsed.NODE_ENV,
    host: parsed.HOST,
    port: parsed.WEB_PORT,
    authUrl: parsed.AUTH_URL.replace(/\/+$/, ''),
    apiUrl: parsed.API_URL.replace(/\/+$/, ''),
    logLevel: parsed.LOG_LEVEL,
  }
}
