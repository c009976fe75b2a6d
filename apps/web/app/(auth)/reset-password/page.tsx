import { ResetPasswordForm } from '@/components/reset-password-form'

// The token is in this page's address until its script runs: no Referer may carry it anywhere, even to this origin.
export const metadata = { title: 'Choose a new password · Tasklane', referrer: 'no-referrer' }

/** A reset token is 24 letters and digits (Better Auth's generateId); anything else is no link of ours. */
const RESET_TOKEN = /^[A-Za-z0-9]{1,64}$/

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams
  return <ResetPasswordForm token={typeof token === 'string' && RESET_TOKEN.test(token) ? token : null} />
}
