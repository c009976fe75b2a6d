import { loadApiConfig } from '@tasklane/config/api'
import { runService } from '@tasklane/http/run-service'
import { createApp } from './create-app.ts'

await runService({ service: 'api', loadConfig: loadApiConfig, createApp, readyMessage: 'tasks API ready' })
