'use client'
import { type FormEvent, useEffect, useState } from 'react'
import { authClient } from '@/lib/auth-client'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PASSWORD_RULES_TEXT } from '@/lib/password-rules'

type LinkState = { state: 'reading' } | { state: 'missing' } | { state: 'ready'; token: string }

/**
 * Sets a new password with the token from the emailed link. The token leaves the address bar as soon as the page runs
 * (history.replaceState), so it is not kept in history, shown on screen or sent on as a Referer; it stays in memory only.
 * Afterwards every session of the account has ended, and the user signs in with the new password (docs/security.md).
 */
export function ResetPasswordForm() {
  const [link, setLink] = useState<LinkState>({ state: 'reading' })
  const [error, setError] = useState<{ message: string; newLink?: boolean } | null>(null)
  const [pending, setPending] = useState(false)

  useEffect(() => {
    const token = new URLSearchParams(window.location.search).get('token')
    window.history.replaceState(null, '', window.location.pathname)
    setLink(token ? { state: 'ready', token } : { state: 'missing' })
  }, [])

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (link.state !== 'ready') return
    const newPassword = String(new FormData(event.currentTarget).get('password') ?? '')
    setError(null)
    setPending(true)
    const { error } = await authClient.resetPassword({ newPassword, token: link.token })
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

  if (link.state === 'missing') {
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
        <button type="submit" className="button" disabled={pending || link.state !== 'ready'}>
          {pending ? 'Saving…' : 'Set new password'}
        </button>
      </form>
    </main>
  )
}
