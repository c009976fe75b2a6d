import { z } from 'zod'
import { positiveInt } from './load-config.ts'

/** Where `npm run db` serves the embedded database unless told otherwise: never PostgreSQL's 5432. */
export const EMBEDDED_DATABASE_PORT = 55432

export function embeddedDatabaseUrl(port = EMBEDDED_DATABASE_PORT): string {
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`
}

export const databaseUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// or postgresql:// URL')

export const databaseFields = {
  // zod 4: .describe() must come last, .optional() makes a new schema without it.
  DATABASE_URL: databaseUrl
    .optional()
    .describe('a PostgreSQL connection string such as postgres://user:pass@host:5432/db; leave it unset in development to use the embedded database'),
  DATABASE_POOL_MAX: positiveInt(10).describe('the most connections this process opens to PostgreSQL'),
}
