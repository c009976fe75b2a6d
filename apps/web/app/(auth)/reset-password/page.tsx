import { ResetPasswordForm } from '@/components/reset-password-form'

// The token is in this page's address until its script runs: no Referer may carry it anywhere, even to this origin.
export const metadata = { title: 'Choose a new password · Tasklane', referrer: 'no-referrer' }

export default function ResetPasswordPage() {
  return <ResetPasswordForm />
}
