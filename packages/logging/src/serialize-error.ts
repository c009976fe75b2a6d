import { pino } from 'pino'

// Drizzle puts a failed query's parameters in its error message ("Failed query: …\nparams: …"), and Better Auth
// wraps that message into its own. The parameters of a session lookup are the session token.
const QUERY_PARAMS = /params: [^\n]*/g
const REDACTED = '[redacted]'
const CENSORED = `params: ${REDACTED}`

/** pino's error serializer, with every query's parameters removed from messages and stacks, causes included. */
export function serializeError(error: Error): unknown {
  return withoutQueryParams(pino.stdSerializers.err(error), new WeakSet(), 0)
}

function withoutQueryParams(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return value.replace(QUERY_PARAMS, CENSORED)
  if (value === null || typeof value !== 'object' || seen.has(value) || depth > 6) return value
  seen.add(value)
  if (Array.isArray(value)) return value.map((item) => withoutQueryParams(item, seen, depth + 1))
  // Drizzle's DrizzleQueryError also keeps the parameters as an array in `params` (drizzle-orm/errors).
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, key === 'params' ? REDACTED : withoutQueryParams(inner, seen, depth + 1)]),
  )
}
