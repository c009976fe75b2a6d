// `npm run db:copy -- <from-url> <to-url>`: every Tasklane row from one PostgreSQL into another, already migrated one.
import { copyDatabase } from './copy-database.ts'

const [fromUrl, toUrl] = process.argv.slice(2)
if (!fromUrl || !toUrl) {
  console.error('usage: npm run db:copy -- <from postgres:// URL> <to postgres:// URL> (the target must be migrated: start it once first)')
  process.exit(2)
}
const reports = await copyDatabase(fromUrl, toUrl)
for (const { table, read, inserted } of reports) console.log(`${table}: ${read} read, ${inserted} inserted`)
