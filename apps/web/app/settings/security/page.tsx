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
  const [session, passkeys] = await Promise.all([getSession(), loadPasskeys()])
  if (session.state === 'signed-out' || passkeys.state === 'signed-out') redirect(SIGN_IN)
  if (session.state === 'unavailable' || passkeys.state === 'unavailable') return <ServiceUnavailable />
  // The settings layout draws the header, the tabs and the way back to the tasks.
  return (
    <main className="security-page">
      {/* A new passkey is named after the browser and system it is made on, from the request's User-Agent. */}
      <PasskeyManager initialPasskeys={passkeys.passkeys} suggestedName={passkeyNameFor((await headers()).get('user-agent'))} />
      <TwoFactorSettings initiallyEnabled={session.user.twoFactorEnabled} email={session.user.email} />
    </main>
  )
}

/** A new passkey's suggested name: the device it is made on ("Chrome on macOS"), or "Passkey" when that is unknown. */
function passkeyNameFor(userAgent: string | null): string {
  const name = deviceName(userAgent)
  return name === 'Unknown device' ? 'Passkey' : name
}
