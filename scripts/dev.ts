// `npm run dev`: as `npm start`, but auth and api restart when their sources change and the web app is `next dev`
// (hot reload, no build).
import { NEXT_BIN, nextServeArgs } from './next-cli.ts'
import { runServices } from './run-services.ts'

const watch = (entry: string) => `node_modules/.bin/tsx watch --clear-screen=false ${entry}`

await runServices((ports) => ({
  auth: watch('apps/auth/src/main.ts'),
  api: watch('apps/api/src/main.ts'),
  web: ['node', NEXT_BIN, ...nextServeArgs('dev', { port: ports.web, host: ports.host })].join(' '),
}))
