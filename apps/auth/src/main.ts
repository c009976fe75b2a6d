import { loadAuthConfig } from '@tasklane/config/auth'
import { runService } from '@tasklane/http/run-service'
import { createApp } from './create-app.ts'

await runService({ service: 'auth', loadConfig: loadAuthConfig, createApp, readyMessage: 'Better Auth ready' })
