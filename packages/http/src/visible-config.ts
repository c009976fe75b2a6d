/**
 * A service's configuration as it may be logged at start: no secret, the database URL reduced to its host, and no
 * credentials in any other URL, however deep it sits (`REDIS_URL=redis://:password@host` and
 * `SMTP_URL=smtps://user:password@host`, which auth keeps at `mail.transport.url`, are common).
 */
export function visibleConfig(config: { databaseUrl: string }): Record<string, unknown> {
  const { databaseUrl } = config
  const rest = Object.entries(config).filter(([key]) => key !== 'databaseUrl' && key !== 'secret')
  const shown = rest.map(([key, value]) => [key, shownValue(value)])
  return { ...Object.fromEntries(shown), database: new URL(databaseUrl).host }
}

function shownValue(value: unknown): unknown {
  if (typeof value === 'string') return withoutCredentials(value)
  if (Array.isArray(value)) return value.map(shownValue)
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shownValue(inner)]))
  return value
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
