import { redirect } from 'next/navigation'
import { AuthForm } from '@/components/auth-form'
import { getSession } from '@/lib/backend.server'
import { safeNextPath } from '@/lib/safe-next-path'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Sign in · Tasklane' }

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams
  const next = safeNextPath(params.next)
  // Only a confirmed session leaves this page; a stale or garbage cookie shows the form (no redirect loop).
  if ((await getSession()).state === 'signed-in') redirect(next)
  return <AuthForm mode="sign-in" next={next} notice={params.reset === 'done' ? 'password-reset' : null} />
}
