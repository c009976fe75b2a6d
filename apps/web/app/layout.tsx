import type { Metadata, Viewport } from 'next'
import { connection } from 'next/server'
import type { ReactNode } from 'react'
import './globals.css'

export const metadata: Metadata = { title: 'Tasklane', description: 'Your tasks, and only yours.' }
export const viewport: Viewport = { width: 'device-width', initialScale: 1 }

// Every page is rendered per request, the 404 page included: a page built ahead of time has no nonce on its scripts,
// and the Content-Security-Policy (proxy.ts) would block them.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection()
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
