// Stock Better Auth as a process of its own, started the way auth's main starts (AUTH_PORT, DATABASE_URL, …).
import { loadAuthConfig } from '@tasklane/config/auth'
import { runService } from '@tasklane/http/run-service'
import { createStockAuth } from './stock-auth.ts'

await runService({ service: 'stock-auth', loadConfig: loadAuthConfig, createApp: createStockAuth, readyMessage: 'stock Better Auth ready' })
