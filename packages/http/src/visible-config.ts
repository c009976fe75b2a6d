/**
 * A service's configuration as it may be logged at start: no secret, the database URL reduced to its host, and no
 * credentials in any other URL (`REDIS_URL=redis://:password@host` is common).
 */
export function visibleConfig(config: { databaseUrl: string }): Record<string, unknown> {
  const { databaseUrl } = config
  const rest = Object.entries(config).filter(([key]) => key !== 'databaseUrl' && key !== 'secret')
  const shown = rest.map(([key, value]) => [key, typeof value === 'string' ? withoutCredentials(value) : value])
  return { ...Object.fromEntries(shown), database: new URL(databaseUrl).host }
}

function withoutCredentials(value: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value
  try {
    const url = new URL(value)
    if (url.username === '' && url.password === '') return value
    url.username = ''
    url.password = ''
    return url.toString()
  } catch {
    return value
  }
}
