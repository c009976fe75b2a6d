import { z } from 'zod'
import { databaseFields, embeddedDatabaseUrl } from './database-config.ts'
import { type Env, loadConfig, type logLevel, originList, port, positiveInt, serviceFields } from './load-config.ts'

const apiEnv = z
  .object({
    ...serviceFields,
    API_PORT: port(8000).describe('the port the tasks API listens on'),
    AUTH_URL: z
      .url()
      .default('http://127.0.0.1:3001')
      .describe('where the api reaches the auth service, e.g. http://auth.internal:3001'),
    AUTH_TIMEOUT_MS: positiveInt(2000).describe('total milliseconds a session check may take before the api answers 503'),
    TRUSTED_ORIGINS: originList('http://localhost:3000').describe('comma-separated origins allowed to call the api with cookies'),
    EVENT_STREAM_REVALIDATE_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(30)
      .default(25)
      .describe('seconds between two session checks of an open live-update stream, 1 to 30: a signed-out session stops receiving within it'),
    EVENT_STREAM_MAX_PER_USER: positiveInt(10).describe('live-update streams one user may hold open on one api process (one per open tab)'),
    EVENT_STREAM_MAX_PER_PROCESS: positiveInt(2000).describe('live-update streams one api process holds open in all; past it new ones get 503'),
    ...databaseFields,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required when NODE_ENV=production' })
    }
  })

export interface ApiConfig {
  nodeEnv: 'development' | 'production' | 'test'
  host: string
  port: number
  authUrl: string
  authTimeoutMs: number
  trustedOrigins: string[]
  eventStreams: { revalidateSeconds: number; maxPerUser: number; maxPerProcess: number }
  databaseUrl: string
  databasePoolMax: number
  logLevel: z.infer<typeof logLevel>
}

export function loadApiConfig(env: Env): ApiConfig {
  const parsed = loadConfig('api', apiEnv, env)
  return {
    nodeEnv: parsed.NODE_ENV,
    host: parsed.HOST,
    port: parsed.API_PORT,
    authUrl: parsed.AUTH_URL.replace(/\/+$/, ''),
    authTimeoutMs: parsed.AUTH_TIMEOUT_MS,
    trustedOrigins: parsed.TRUSTED_ORIGINS,
    eventStreams: {
      revalidateSeconds: parsed.EVENT_STREAM_REVALIDATE_SECONDS,
      maxPerUser: parsed.EVENT_STREAM_MAX_PER_USER,
      maxPerProcess: parsed.EVENT_STREAM_MAX_PER_PROCESS,
    },
    databaseUrl: parsed.DATABASE_URL ?? embeddedDatabaseUrl(),
    databasePoolMax: parsed.DATABASE_POOL_MAX,
    logLevel: parsed.LOG_LEVEL,
  }
}
