import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { ServiceUnavailable } from '@/components/service-unavailable'
import { SignOutButton } from '@/components/sign-out-button'
import { ThemeSwitch } from '@/components/theme-switch'
import { TaskDashboard } from '@/components/task-dashboard'
import { getSession, loadInitialTasks } from '@/lib/backend.server'
import { parseTheme, THEME_COOKIE } from '@/lib/theme'
import { signInUrlFor, taskFilterFromParam } from '@/lib/task-filter-url'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Your tasks · Tasklane' }

/**
 * The session is checked here, on the server, where the data is read: no middleware, so no redirect loops. The first
 * page is the one for the filter the URL names (`?status=active|completed`), so a reload or a shared link shows it.
 */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const filter = taskFilterFromParam((await searchParams).status)
  const session = await getSession()
  if (session.state === 'signed-out') redirect(signInUrlFor(filter))
  // A 200 that says so and retries by itself: an App Router page cannot choose a 503 (docs/decisions/008).
  if (session.state === 'unavailable') return <ServiceUnavailable />
  const initial = await loadInitialTasks(session.user.id, filter)
  if (initial.state === 'signed-out') redirect(signInUrlFor(filter))
  if (initial.state === 'unavailable') return <ServiceUnavailable />
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Tasklane</span>
        <span className="who" title={session.user.email}>
          {session.user.email}
        </span>
        <ThemeSwitch initialTheme={parseTheme((await cookies()).get(THEME_COOKIE)?.value)} />
        <SignOutButton />
      </header>
      <main>
        <TaskDashboard userId={session.user.id} initialFilter={filter} initialPage={initial.page} initialCounts={initial.counts} />
      </main>
    </div>
  )
}
