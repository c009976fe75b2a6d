import { redirect } from 'next/navigation'
import { AuthForm } from '@/components/auth-form'
import { getSession } from '@/lib/backend.server'
import { safeNextPath } from '@/lib/safe-next-path'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Sign up · Tasklane' }

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams
  const next = safeNextPath(params.next)
  if ((await getSession()).state === 'signed-in') redirect(next)
  return (
    <>
      {/* Where the settings page sends a browser whose account was just deleted. */}
      {params.deleted === '1' && (
        <p role="status" className="notice page-notice">
          Your account and all its tasks were deleted.
        </p>
      )}
      <AuthForm mode="sign-up" next={next} />
    </>
  )
}
