import { ForgotPasswordForm } from '@/components/forgot-password-form'

export const metadata = { title: 'Forgot password · Tasklane' }

export default function ForgotPasswordPage() {
  return <ForgotPasswordForm />
}
