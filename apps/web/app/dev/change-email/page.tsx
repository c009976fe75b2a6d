import { notFound, redirect } from 'next/navigation'
import { ServiceUnavailable } from '@/components/service-unavailable'
import { ChangeEmailForm } from '@/components/settings/change-email-form'
import { getSession } from '@/lib/backend.server'
import { readDevOutbox } from '@/lib/dev-outbox.server'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Change email (dev) · Tasklane', robots: { index: false } }

/**
 * The change-of-address form on a page of its own until the settings page mounts it, outside production only (a 404
 * wherever auth has no dev outbox), so the browser suite can drive it.
 */
export default async function DevChangeEmailPage() {
  if ((await readDevOutbox()).state === 'absent') notFound()
  const session = await getSession()
  if (session.state === 'signed-out') redirect('/sign-in?next=/dev/change-email')
  if (session.state === 'unavailable') return <ServiceUnavailable />
  return (
    <main className="card narrow">
      <ChangeEmailForm currentEmail={session.user.email} />
    </main>
  )
}
