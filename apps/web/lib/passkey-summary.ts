/** What the settings page shows of a passkey: never its public key or credential id. */
export interface PasskeySummary {
  id: string
  name: string
  /** ISO date-time, or null for a row made without one. */
  createdAt: string | null
}

/** A passkey row as auth's list-user-passkeys answers it, trimmed to what is shown; unnamed ones get a placeholder. */
export function toPasskeySummary(raw: { id: string; name?: string | null; createdAt?: string | Date | null }): PasskeySummary {
  const created = raw.createdAt ? new Date(raw.createdAt) : null
  return {
    id: raw.id,
    name: raw.name?.trim() || 'Unnamed passkey',
    createdAt: created && !Number.isNaN(created.getTime()) ? created.toISOString() : null,
  }
}
