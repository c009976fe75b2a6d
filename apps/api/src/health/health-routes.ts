import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { ApiEnv } from '../api-env.ts'
import { AppError } from '../errors/app-error.ts'
import { refusal } from '../errors/error-responses.ts'

const reachability = z.enum(['ok', 'unreachable'])

export const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['service'],
  summary: 'The process is up',
  security: [],
  responses: { 200: { description: 'Up', content: { 'application/json': { schema: z.strictObject({ status: z.literal('ok') }) } } } },
})

export const ready = createRoute({
  method: 'get',
  path: '/ready',
  tags: ['service'],
  summary: 'The database and auth answer',
  security: [],
  responses: {
    200: {
      description: 'Ready to serve',
      content: { 'application/json': { schema: z.strictObject({ status: z.literal('ready'), database: reachability, auth: reachability }) } },
    },
    503: refusal('NOT_READY'),
  },
})

export const HEALTH_ROUTES = [health, ready] as const

export interface HealthChecks {
  checkDatabase(): Promise<void>
  authUrl: string
  authTimeoutMs: number
}

export function healthRoutes({ checkDatabase, authUrl, authTimeoutMs }: HealthChecks) {
  return new OpenAPIHono<ApiEnv>()
    .openapi(health, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(ready, async (c) => {
      const [database, auth] = await Promise.all([
        checkDatabase().then(() => 'ok' as const, () => 'unreachable' as const),
        fetch(`${authUrl}/health`, { signal: AbortSignal.timeout(authTimeoutMs) }).then(
          (response) => (response.ok ? ('ok' as const) : ('unreachable' as const)),
          () => 'unreachable' as const,
        ),
      ])
      if (database !== 'ok' || auth !== 'ok') throw new AppError('NOT_READY', { detail: { database, auth } })
      return c.json({ status: 'ready' as const, database, auth }, 200)
    })
}
