import { redirect } from 'next/navigation'
import { TwoFactorChallenge } from '@/components/security/two-factor-challenge'
import { getSession } from '@/lib/backend.server'
import { safeNextPath } from '@/lib/safe-next-path'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Two-factor sign-in · Tasklane' }

/**
 * The second sign-in step, after the password: a code from the authenticator app, or a backup code. What identifies
 * the pending sign-in is auth's short-lived, HttpOnly two-factor cookie, which this page cannot read; without it the
 * form says the sign-in has to start again.
 */
export default async function TwoFactorSignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNextPath((await searchParams).next)
  if ((await getSession()).state === 'signed-in') redirect(next)
  return <TwoFactorChallenge next={next} />
}
