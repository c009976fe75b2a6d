import { redirect } from 'next/navigation'
import { ServiceUnavailable } from '@/components/service-unavailable'
import { SignOutButton } from '@/components/sign-out-button'
import { TaskDashboard } from '@/components/task-dashboard'
import { getSession, loadInitialTasks } from '@/lib/backend.server'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Your tasks · Tasklane' }

/** The session is checked here, on the server, where the data is read: no middleware, so no redirect loops. */
export default async function DashboardPage() {
  const session = await getSession()
  if (session.state === 'signed-out') redirect('/sign-in?next=/dashboard')
  // A 200 that says so and retries by itself: an App Router page cannot choose a 503 (docs/decisions/008).
  if (session.state === 'unavailable') return <ServiceUnavailable />
  const initial = await loadInitialTasks(session.user.id)
  if (initial.state === 'signed-out') redirect('/sign-in?next=/dashboard')
  if (initial.state === 'unavailable') return <ServiceUnavailable />
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Tasklane</span>
        <span className="who" title={session.user.email}>
          {session.user.email}
        </span>
        <SignOutButton />
      </header>
      <main>
        <TaskDashboard userId={session.user.id} initialPage={initial.page} initialCounts={initial.counts} />
      </main>
    </div>
  )
}
