import pg from 'pg'

/** Per table: how many rows, and an MD5 of every row's whole text in a fixed order. */
export type DatabaseFingerprint = Readonly<Record<string, { rows: number; md5: string }>>

export interface Fingerprinter {
  /** Every base table in `public`, read once when it was opened (tasks, Better Auth's four, rate_limit). */
  readonly tables: readonly string[]
  take(): Promise<DatabaseFingerprint>
  close(): Promise<void>
}

/**
 * A fingerprint of a whole (small, private) database: any insert, update or delete in any column of any table
 * changes it, which a row count plus max(updated_at) would not (a session refresh moves `expires_at` only, a rate-limit
 * counter has no `updated_at`, a delete and an insert cancel out in a count). One query; a few milliseconds for the
 * hundreds of rows a test makes.
 */
export async function openFingerprinter(databaseUrl: string): Promise<Fingerprinter> {
  const client = new pg.Client({ connectionString: databaseUrl })
  client.on('error', () => {}) // a dropped connection surfaces as the failed query
  await client.connect()
  const listed = await client.query<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
  )
  const tables = listed.rows.map((row) => row.name)
  const sql = tables
    .map(
      (name) =>
        `select ${client.escapeLiteral(name)} as name, count(*)::int as rows, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as md5 from public.${client.escapeIdentifier(name)} t`,
    )
    .join(' union all ')
  return {
    tables,
    async take() {
      const { rows } = await client.query<{ name: string; rows: number; md5: string }>(sql)
      return Object.fromEntries(rows.map(({ name, rows: count, md5 }) => [name, { rows: count, md5 }]))
    },
    close: () => client.end(),
  }
}

/** The tables whose rows differ between two fingerprints. */
export function changedTables(before: DatabaseFingerprint, after: DatabaseFingerprint): string[] {
  return Object.keys({ ...before, ...after }).filter((name) => before[name]?.md5 !== after[name]?.md5)
}

/** `table (rows before → rows after)`, for a report. */
export function describeChange(before: DatabaseFingerprint, after: DatabaseFingerprint, table: string): string {
  return `${table} (${before[table]?.rows ?? '-'} → ${after[table]?.rows ?? '-'} rows)`
}
