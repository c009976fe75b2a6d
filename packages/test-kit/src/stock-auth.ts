import type { AuthConfig } from '@tasklane/config/auth'
import { createApp } from '@tasklane/auth'
import type { Logger } from '@tasklane/logging'
import { Hono } from 'hono'

export interface StockAuthService {
  app: Hono
  checkDatabase(): Promise<void>
  close(): Promise<void>
}

/**
 * Stock Better Auth, the anchor the bench and the equivalence test compare against: every `/api/auth/*`
 * request, get-session included, goes to Better Auth's generic `auth.handler`, as any Better Auth app on Hono
 * serves it, with nothing of Tasklane's in front. The Better Auth instance is the one Tasklane's auth builds
 * from the same configuration (`createAuth` in apps/auth/src/better-auth.ts, via `createApp`), so pool,
 * plugins, session settings, secret and Redis storage are identical; only the route serving it differs.
 */
export function createStockAuth(config: AuthConfig, logger: Logger): StockAuthService {
  const tasklane = createApp(config, logger)
  const app = new Hono()
  app.get('/health', (c) => c.json({ status: 'ok' }))
  app.on(['GET', 'POST'], '/api/auth/*', (c) => tasklane.auth.handler(c.req.raw))
  return { app, checkDatabase: () => tasklane.checkDatabase(), close: () => tasklane.close() }
}
