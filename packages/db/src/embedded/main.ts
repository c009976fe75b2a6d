// `npm run db`: the embedded database on its own, for running the services as separate processes.
import { resolveDataDir } from '@tasklane/config/data-dir'
import { EMBEDDED_DATABASE_PORT } from '@tasklane/config/database'
import { port as portField } from '@tasklane/config/load'
import { startEmbeddedDatabase } from './embedded-database.ts'

const dataDir = resolveDataDir(process.env.TASKLANE_DATA_DIR)
const port = portField(EMBEDDED_DATABASE_PORT).parse(process.env.TASKLANE_DB_PORT)
const pglitePath = `${dataDir}/pglite`
const database = await startEmbeddedDatabase({ dataDir: pglitePath, port })
console.log(`embedded PostgreSQL (PGlite) in ${pglitePath}`)
console.log(`DATABASE_URL=${database.url}`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void database.stop().then(() => process.exit(0))
  })
}
