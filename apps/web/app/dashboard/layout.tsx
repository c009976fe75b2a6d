import type { ReactNode } from 'react'
import { QueryProvider } from '@/components/query-provider'

/** The dashboard's server state lives in one query cache for the browser session. */
export default function DashboardLayout({ children }: { children: ReactNode }) {
  return <QueryProvider>{children}</QueryProvider>
}
