import { headers } from 'next/headers'
import { type PasskeySummary, toPasskeySummary } from './passkey-summary'
import { webConfig } from './web-config.server'

const TIMEOUT_MS = 2_500

export type PasskeyList = { state: 'ok'; passkeys: PasskeySummary[] } | { state: 'signed-out' } | { state: 'unavailable' }

/** The signed-in user's passkeys, asked of auth with the browser's cookies, for the settings page's first render. */
export async function loadPasskeys(): Promise<PasskeyList> {
  const incoming = await headers()
  const requestId = incoming.get('x-request-id')
  try {
    const response = await fetch(`${webConfig().authUrl}/api/auth/passkey/list-user-passkeys`, {
      headers: { cookie: incoming.get('cookie') ?? '', accept: 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}) },
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    if (response.status === 401) return { state: 'signed-out' }
    if (!response.ok) return { state: 'unavailable' }
    const rows = (await response.json()) as Array<Parameters<typeof toPasskeySummary>[0]>
    return { state: 'ok', passkeys: rows.map(toPasskeySummary) }
  } catch {
    return { state: 'unavailable' }
  }
}
