// Node socket errors and PostgreSQL SQLSTATEs that mean "the database is not there right now", as opposed to
// a bug in a query: class 08 (connection exception), 57P01–57P03 (shutdown, crash, cannot connect now).
const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03'])
const CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended/i

/** Walks the `cause` chain (Drizzle wraps driver errors) looking for a lost or refused database connection. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08'))) return true
    if (CONNECTION_MESSAGES.test(current.message)) return true
  }
  return false
}
