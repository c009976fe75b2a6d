import { redirect } from 'next/navigation'
import { ServiceUnavailable } from '@/components/service-unavailable'
import { ActiveSessions, type ShownSession } from '@/components/settings/active-sessions'
import { ChangeEmailForm } from '@/components/settings/change-email-form'
import { ChangePasswordForm } from '@/components/settings/change-password-form'
import { DeleteAccount } from '@/components/settings/delete-account'
import { DisplayNameForm } from '@/components/settings/display-name-form'
import { getSession, loadOwnSessions } from '@/lib/backend.server'
import { deviceName } from '@/lib/device-name'
import { timeAgo } from '@/lib/relative-time'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Settings · Tasklane' }

/** The account: name, email, password, where it is signed in, its data, and deleting it. */
export default async function SettingsPage() {
  const [session, sessions] = await Promise.all([getSession(), loadOwnSessions()])
  if (session.state === 'signed-out' || sessions.state === 'signed-out') redirect('/sign-in?next=/settings')
  if (session.state === 'unavailable' || sessions.state === 'unavailable') return <ServiceUnavailable />
  const { user } = session
  const now = new Date()
  const shown: ShownSession[] = sessions.sessions.map((own) => ({
    id: own.id,
    device: deviceName(own.userAgent),
    signedIn: timeAgo(own.createdAt, now),
    signedInAt: own.createdAt,
    lastUsed: timeAgo(own.updatedAt, now),
    lastUsedAt: own.updatedAt,
    ipAddress: own.ipAddress,
    current: own.current,
  }))

  return (
    <main className="settings">
      <section className="card settings-section" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile</h2>
        <DisplayNameForm initialName={user.name} />
      </section>

      <div className="card settings-section" id="email">
        <ChangeEmailForm currentEmail={user.email} />
        <p className="field-value">
          <span className={user.emailVerified ? 'badge badge-ok' : 'badge'}>{user.emailVerified ? 'Verified' : 'Not verified'}</span>
        </p>
      </div>

      <section className="card settings-section" aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        <ChangePasswordForm />
      </section>

      <section className="card settings-section" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Where you are signed in</h2>
        <ActiveSessions sessions={shown} />
      </section>

      <section className="card settings-section" aria-labelledby="data-heading">
        <h2 id="data-heading">Your data</h2>
        <p className="hint">One JSON file with your profile, your lists and every task, with all their fields.</p>
        <a className="button secondary" href={`/api/${encodeURIComponent(user.id)}/export`} download>
          Download my data
        </a>
      </section>

      <section className="card settings-section danger-zone" aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete account</h2>
        <p className="hint">Your account, all your tasks and lists are deleted for good, and every device is signed out. This cannot be undone.</p>
        <DeleteAccount email={user.email} />
      </section>
    </main>
  )
}
