// `npm start`: the production build of the web app (built first when missing or stale) with auth and api.
import { ensureWebBuild } from './ensure-web-build.ts'
import { NEXT_BIN, nextServeArgs } from './next-cli.ts'
import { runServices } from './run-services.ts'

ensureWebBuild()

await runServices((ports) => ({
  auth: 'node --import tsx apps/auth/src/main.ts',
  api: 'node --import tsx apps/api/src/main.ts',
  web: ['node', NEXT_BIN, ...nextServeArgs('start', { port: ports.web, host: ports.host })].join(' '),
}))
