// `npm run db`: the embedded database on its own, for running the services as separate processes.
import { serveEmbeddedDatabase } from './serve-embedded-database.ts'

const database = await serveEmbeddedDatabase(process.env, (line) => console.log(line)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
console.log(`DATABASE_URL=${database.url}`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void database.stop().then(() => process.exit(0))
  })
}
