'use client'
import Link from 'next/link'
import { usePathname } from 'next/navigation'

const TABS = [
  { href: '/settings', label: 'Account' },
  { href: '/settings/security', label: 'Security' },
] as const

/** Account and Security, the page shown marked for screen readers too (`aria-current`). */
export function SettingsNav() {
  const pathname = usePathname()
  return (
    <nav className="settings-nav" aria-label="Settings">
      {TABS.map((tab) => (
        <Link key={tab.href} href={tab.href} className="settings-tab" aria-current={pathname === tab.href ? 'page' : undefined}>
          {tab.label}
        </Link>
      ))}
    </nav>
  )
}
