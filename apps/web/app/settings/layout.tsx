import { cookies } from 'next/headers'
import type { ReactNode } from 'react'
import { ServiceUnavailable } from '@/components/service-unavailable'
import { SettingsNav } from '@/components/settings/settings-nav'
import { SignOutButton } from '@/components/sign-out-button'
import { ThemeSwitch } from '@/components/theme-switch'
import { getSession } from '@/lib/backend.server'
import { parseTheme, THEME_COOKIE } from '@/lib/theme'

export const dynamic = 'force-dynamic'

/**
 * Every settings page: the session is checked here on the server (no middleware), and again by each page, which reads
 * its own data with it and redirects a signed-out visitor; a layout is not rendered again when moving between its pages.
 */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const session = await getSession()
  // Signed out: the page sends the visitor to sign in and back to itself; a layout does not know which page it wraps.
  if (session.state === 'signed-out') return children
  if (session.state === 'unavailable') return <ServiceUnavailable />
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value)
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand brand-link" href="/dashboard">
          Tasklane
        </a>
        <span className="who" title={session.user.email}>
          {session.user.email}
        </span>
        <ThemeSwitch initialTheme={theme} />
        <SignOutButton />
      </header>
      <div className="settings-head">
        <a className="back-link" href="/dashboard">
          <span aria-hidden="true">←</span> Back to tasks
        </a>
        <h1>Settings</h1>
        <SettingsNav />
      </div>
      {children}
    </div>
  )
}
