import pg from 'pg'

export interface PoolOptions {
  connectionString: string
  max: number
  /** Told about every connection error, so the process survives a database restart (see STACK-FACTS). */
  onError: (error: Error) => void
}

/**
 * A pg pool that cannot crash the process: `pool.on('error')` covers idle clients only, so a connection that
 * drops while checked out (a database restart under load) would emit an unhandled 'error'. Every client gets
 * its own listener; the pool replaces broken clients on the next checkout.
 */
export function createPool({ connectionString, max, onError }: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  })
  pool.on('error', onError)
  pool.on('connect', (client) => client.on('error', onError))
  return pool
}

export async function checkDatabase(pool: pg.Pool): Promise<void> {
  await pool.query('select 1')
}
