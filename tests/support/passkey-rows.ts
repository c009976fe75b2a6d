import { randomBytes, randomUUID } from 'node:crypto'
import pg from 'pg'

export interface PasskeyRow {
  id: string
  name: string
  credentialId: string
}

/**
 * A passkey row written straight into the table, as the passkey plugin stores one: for tests about who may touch a
 * passkey, whatever made it (a real registration needs a browser's authenticator, as in e2e/passkeys.test.ts).
 */
export async function insertPasskey(db: pg.Pool | pg.Client, userId: string, name: string): Promise<PasskeyRow> {
  const row = { id: randomUUID(), name, credentialId: randomBytes(16).toString('base64url') }
  await db.query(
    `insert into passkey (id, name, public_key, user_id, credential_id, counter, device_type, backed_up, transports, created_at)
     values ($1, $2, $3, $4, $5, 0, 'singleDevice', false, 'internal', now())`,
    [row.id, row.name, randomBytes(77).toString('base64'), userId, row.credentialId],
  )
  return row
}

/** `count` passkeys for one user in the database at `databaseUrl`; their ids. */
export async function insertPasskeys(databaseUrl: string, userId: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const ids: string[] = []
    for (let index = 0; index < count; index++) ids.push((await insertPasskey(client, userId, `Seeded key ${index + 1}`)).id)
    return ids
  } finally {
    await client.end()
  }
}
