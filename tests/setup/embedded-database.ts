import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startEmbeddedDatabase } from '@tasklane/db/embedded'
import type { TestProject } from 'vitest/node'

/** The embedded database exactly as `npm start` runs it: PGlite on disk, over the wire, migrated. */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tasklane-pglite-'))
  const database = await startEmbeddedDatabase({ dataDir, port: 0, maxConnections: 200 })
  project.provide('databaseUrl', database.url)
  project.provide('databaseKind', 'embedded')
  return async () => {
    await database.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
