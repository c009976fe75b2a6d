'use client'
import { type FormEvent, useEffect, useState } from 'react'
import { authClient } from '@/lib/auth-client'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PASSWORD_RULES_TEXT } from '@/lib/password-rules'

/**
 * Sets a new password with the token from the emailed link (`token`, read by the page). The token leaves the address
 * bar as soon as the page runs (history.replaceState), so it is not kept in history or shown on screen, and the page
 * sends no Referer; it stays in memory only. Afterwards every session of the account has ended, and the user signs in
 * with the new password (docs/security.md).
 */
export function ResetPasswordForm({ token }: { token: string | null }) {
  const [error, setError] = useState<{ message: string; newLink?: boolean } | null>(null)
  const [pending, setPending] = useState(false)

  useEffect(() => {
    if (window.location.search) window.history.replaceState(null, '', window.location.pathname)
  }, [])

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (token === null) return
    const newPassword = String(new FormData(event.currentTarget).get('password') ?? '')
    setError(null)
    setPending(true)
    const { error } = await authClient.resetPassword({ newPassword, token })
    if (!error) {
      window.location.assign('/sign-in?reset=done')
      return
    }
    setPending(false)
    if (error.status === 429) setError({ message: 'Too many attempts. Wait a few seconds and try again.' })
    else if (error.status === 0 || error.status >= 500) setError({ message: 'Tasklane is not reachable right now. Try again in a moment.' })
    else if (error.code === 'PASSWORD_TOO_SHORT' || error.code === 'PASSWORD_TOO_LONG') setError({ message: PASSWORD_RULES_TEXT })
    else setError({ message: 'This link has expired or was already used.', newLink: true })
  }

  if (token === null) {
    return (
      <main className="card narrow">
        <h1>Choose a new password</h1>
        <p role="alert" className="error">
          This link is incomplete. Open the link from the email again, or <a href="/forgot-password">ask for a new one</a>.
        </p>
      </main>
    )
  }

  return (
    <main className="card narrow">
      <h1>Choose a new password</h1>
      <p className="hint">Setting it signs you out on every device; then sign in with the new password.</p>
      <form onSubmit={submit} aria-busy={pending}>
        <label>
          New password
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            maxLength={MAX_PASSWORD_LENGTH}
            aria-describedby="password-rules"
          />
        </label>
        <p id="password-rules" className="hint">
          {PASSWORD_RULES_TEXT}
        </p>
        {error && (
          <p role="alert" className="error">
            {error.message} {error.newLink && <a href="/forgot-password">Ask for a new link</a>}
          </p>
        )}
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Saving…' : 'Set new password'}
        </button>
      </form>
    </main>
  )
}
