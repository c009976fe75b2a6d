import { redirect } from 'next/navigation'
import { AuthForm } from '@/components/auth-form'
import { getSession } from '@/lib/backend.server'
import { safeNextPath } from '@/lib/safe-next-path'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Sign up · Tasklane' }

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNextPath((await searchParams).next)
  if ((await getSession()).state === 'signed-in') redirect(next)
  return <AuthForm mode="sign-up" next={next} />
}
