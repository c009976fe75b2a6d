'use client'
import { type FormEvent, useState } from 'react'
import { authClient } from '@/lib/auth-client'

/**
 * Asks for a reset link. The answer reads the same whether or not the address has an account: only its owner's
 * inbox tells.
 */
export function ForgotPasswordForm() {
  const [sentTo, setSentTo] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const email = String(new FormData(event.currentTarget).get('email') ?? '').trim()
    setError(null)
    setPending(true)
    const { error } = await authClient.requestPasswordReset({ email })
    setPending(false)
    if (error && (error.status === 429 || error.status === 0 || error.status >= 500)) {
      setError(error.status === 429 ? 'Too many requests. Wait a few seconds and try again.' : 'Tasklane is not reachable right now. Try again in a moment.')
      return
    }
    if (error) {
      setError('Enter a valid email address.')
      return
    }
    setSentTo(email)
  }

  if (sentTo !== null) {
    return (
      <main className="card narrow">
        <h1>Check your email</h1>
        <p role="status">
          If an account uses <strong>{sentTo}</strong>, we sent it a link to choose a new password. The link works once, for one hour.
        </p>
        <p className="switch">
          <a href="/sign-in">Back to sign in</a>
        </p>
      </main>
    )
  }

  return (
    <main className="card narrow">
      <h1>Forgot your password?</h1>
      <p className="hint">Enter your email and we will send you a link to choose a new password.</p>
      <form onSubmit={submit} aria-busy={pending}>
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required maxLength={320} />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Sending…' : 'Send me a link'}
        </button>
      </form>
      <p className="switch">
        Remembered it? <a href="/sign-in">Sign in</a>
      </p>
    </main>
  )
}
