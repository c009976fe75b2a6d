import { getTableName } from 'drizzle-orm'
import pg from 'pg'
import { account, passkey, session, taskLists, tasks, twoFactor, user, verification } from '../schema/index.ts'

/**
 * Tasklane's tables whose rows are worth carrying over, parents before children (rate limits and the dev outbox are
 * transient). A table the source is too old to have is skipped.
 */
const TABLES = [user, account, session, verification, twoFactor, passkey, taskLists, tasks].map((table) => getTableName(table))
const BATCH = 1_000

export interface CopyReport {
  table: string
  read: number
  inserted: number
}

/**
 * Copies every Tasklane row from one PostgreSQL to another that is already migrated: in one transaction on the
 * target, in batches, rows the target already has (same primary key) left as they are. Each batch crosses as one
 * JSON array, so column types are converted by PostgreSQL itself (`json_populate_recordset`).
 */
export async function copyDatabase(fromUrl: string, toUrl: string): Promise<CopyReport[]> {
  const from = new pg.Client({ connectionString: fromUrl })
  const to = new pg.Client({ connectionString: toUrl })
  await from.connect()
  try {
    await to.connect()
    try {
      await to.query('begin')
      const reports: CopyReport[] = []
      for (const table of TABLES) reports.push(await copyTable(from, to, table))
      await to.query('commit')
      return reports
    } catch (error) {
      await to.query('rollback').catch(() => {})
      throw error
    } finally {
      await to.end()
    }
  } finally {
    await from.end()
  }
}

/**
 * The columns to carry: those both sides have, except the target's generated ones (PostgreSQL computes those, e.g. the
 * search vector). A column the source is too old to have takes the target's default; undefined when the source has no
 * such table.
 */
async function sharedColumns(from: pg.Client, to: pg.Client, table: string): Promise<string | undefined> {
  const columns = (client: pg.Client) =>
    client.query<{ column_name: string; is_generated: string }>(
      "select column_name, is_generated from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position",
      [table],
    )
  const [source, target] = await Promise.all([columns(from), columns(to)])
  if (source.rows.length === 0) return undefined
  const inSource = new Set(source.rows.map((row) => row.column_name))
  return target.rows
    .filter((row) => row.is_generated === 'NEVER' && inSource.has(row.column_name))
    .map((row) => pg.escapeIdentifier(row.column_name))
    .join(', ')
}

async function copyTable(from: pg.Client, to: pg.Client, table: string): Promise<CopyReport> {
  const name = pg.escapeIdentifier(table)
  const columns = await sharedColumns(from, to, table)
  const report = { table, read: 0, inserted: 0 }
  if (columns === undefined) return report
  for (let offset = 0; ; offset += BATCH) {
    const { rows } = await from.query<{ batch: unknown[] }>(
      `select coalesce(json_agg(t), '[]'::json) as batch from (select * from ${name} order by id limit $1 offset $2) t`,
      [BATCH, offset],
    )
    const batch = rows[0]?.batch ?? []
    if (batch.length === 0) return report
    const inserted = await to.query(`insert into ${name} (${columns}) select ${columns} from json_populate_recordset(null::${name}, $1) on conflict do nothing`, [
      JSON.stringify(batch),
    ])
    report.read += batch.length
    report.inserted += inserted.rowCount ?? 0
  }
}
