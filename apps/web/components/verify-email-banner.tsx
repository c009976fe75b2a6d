'use client'
import { useResendVerification } from './resend-verification'

/** On the dashboard until the address is verified: the app works meanwhile; this only asks, and offers the link again. */
export function VerifyEmailBanner({ email, linkFailed }: { email: string; linkFailed: boolean }) {
  const { message, pending, resend } = useResendVerification(email)

  return (
    <section className="verify-banner" aria-label="Verify your email">
      <p className="hint">
        {linkFailed ? 'That verification link has expired or is not valid. ' : ''}
        Please verify <strong>{email}</strong>: follow the link we emailed you.
      </p>
      <button type="button" className="button small secondary" onClick={resend} disabled={pending}>
        {pending ? 'Sending…' : 'Resend the link'}
      </button>
      <p role="status" className="hint">
        {message}
      </p>
    </section>
  )
}
