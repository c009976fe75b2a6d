import type { Metadata, Viewport } from 'next'
import { cookies } from 'next/headers'
import { connection } from 'next/server'
import type { ReactNode } from 'react'
import { parseTheme, THEME_COOKIE } from '@/lib/theme'
import './globals.css'

export const metadata: Metadata = { title: 'Tasklane', description: 'Your tasks, and only yours.' }
export const viewport: Viewport = { width: 'device-width', initialScale: 1 }

// Every page is rendered per request, the 404 page included: a page built ahead of time has no nonce on its scripts,
// and the Content-Security-Policy (proxy.ts) would block them.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection()
  // A chosen theme is rendered into the page; with none, the CSS follows the system's (prefers-color-scheme).
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value)
  return (
    <html lang="en" data-theme={theme === 'system' ? undefined : theme}>
      <body>{children}</body>
    </html>
  )
}
