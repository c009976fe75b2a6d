import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { PasskeyManager } from '@/components/security/passkey-manager'
import { TwoFactorSettings } from '@/components/security/two-factor-settings'
import { ServiceUnavailable } from '@/components/service-unavailable'
import { getSession } from '@/lib/backend.server'
import { deviceName } from '@/lib/device-name'
import { loadPasskeys } from '@/lib/passkeys.server'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Security · Tasklane' }

const SIGN_IN = `/sign-in?next=${encodeURIComponent('/settings/security')}`

/**
 * Passkeys and two-factor sign-in. The session is checked here, on the server, as the dashboard does it (no
 * middleware), and both lists come rendered with the page, so nothing jumps in after it loads.
 */
export default async function SecuritySettingsPage() {
  const session = await getSession()
  if (session.state === 'signed-out') redirect(SIGN_IN)
  if (session.state === 'unavailable') return <ServiceUnavailable />
  const passkeys = await loadPasskeys()
  if (passkeys.state === 'signed-out') redirect(SIGN_IN)
  if (passkeys.state === 'unavailable') return <ServiceUnavailable />
  return (
    <div className="shell">
      <header className="topbar">
        <a className="back-link" href="/dashboard">
          ← Back to your tasks
        </a>
        <span className="who" title={session.user.email}>
          {session.user.email}
        </span>
      </header>
      <main className="security-page">
        <h1>Security</h1>
        {/* A new passkey is named after the browser and system it is made on, from the request's User-Agent. */}
        <PasskeyManager initialPasskeys={passkeys.passkeys} suggestedName={passkeyNameFor((await headers()).get('user-agent'))} />
        <TwoFactorSettings initiallyEnabled={session.user.twoFactorEnabled} email={session.user.email} />
      </main>
    </div>
  )
}

/** A new passkey's suggested name: the device it is made on ("Chrome on macOS"), or "Passkey" when that is unknown. */
function passkeyNameFor(userAgent: string | null): string {
  const name = deviceName(userAgent)
  return name === 'Unknown device' ? 'Passkey' : name
}
