import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { ServiceUnavailable } from '@/components/service-unavailable'
import { SignOutButton } from '@/components/sign-out-button'
import { ThemeSwitch } from '@/components/theme-switch'
import { VerifyEmailBanner } from '@/components/verify-email-banner'
import { TaskDashboard } from '@/components/task-dashboard'
import { getSession, loadInitialTasks } from '@/lib/backend.server'
import { parseTheme, THEME_COOKIE } from '@/lib/theme'
import { dashboardListFromParams, signInUrlFor } from '@/lib/task-filter-url'
import { listShapeFor } from '@/lib/task-queries'
import { parseUserDay, USER_DAY_COOKIE } from '@/lib/user-day'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Your tasks · Tasklane' }

/**
 * The session is checked here, on the server, where the data is read: no middleware, so no redirect loops. The first
 * page is the one for the list the URL names (`?status=active|completed`, `?view=today|upcoming|overdue|no-date`,
 * `?sort=…`, `?q=…`, `?list=inbox|<id>`), so a reload or a shared link shows it. A date view needs the user's own day, which only the browser
 * knows: the day its cookie last named is used (user-day.ts), and without one the browser fetches that list itself.
 */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams
  const list = dashboardListFromParams(params)
  const cookieJar = await cookies()
  const userDay = parseUserDay(cookieJar.get(USER_DAY_COOKIE)?.value)
  const shape = listShapeFor(list, userDay)
  const session = await getSession()
  if (session.state === 'signed-out') redirect(signInUrlFor(list))
  // A 200 that says so and retries by itself: an App Router page cannot choose a 503 (docs/decisions/008).
  if (session.state === 'unavailable') return <ServiceUnavailable />
  const renderable = shape.view === 'all' || shape.view === 'no_date' || shape.today !== null
  const initial = await loadInitialTasks(session.user.id, renderable ? shape : null, userDay, shape.q, shape.list)
  if (initial.state === 'signed-out') redirect(signInUrlFor(list))
  if (initial.state === 'unavailable') return <ServiceUnavailable />
  return (
    <div className="shell wide">
      <header className="topbar">
        <span className="brand">Tasklane</span>
        <span className="who" title={session.user.email}>
          {session.user.email}
        </span>
        <ThemeSwitch initialTheme={parseTheme(cookieJar.get(THEME_COOKIE)?.value)} />
        <a className="button secondary" href="/settings">
          Settings
        </a>
        <SignOutButton />
      </header>
      <main>
        {!session.user.emailVerified && (
          // Better Auth sends a followed link that did not work back here with `?error=…`.
          <VerifyEmailBanner email={session.user.email} linkFailed={typeof params.error === 'string'} />
        )}
        <TaskDashboard
          userId={session.user.id}
          serverDay={userDay}
          initialShape={shape}
          initialPage={initial.page}
          initialCounts={initial.counts}
          initialLists={initial.lists}
        />
      </main>
    </div>
  )
}
