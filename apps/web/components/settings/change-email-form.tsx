'use client'
import { type FormEvent, useState } from 'react'
import { authClient } from '@/lib/auth-client'

/**
 * Change of email address, self-contained for the settings page: the current address, a new one, and once asked, what
 * happens next. Auth emails a link to the new address; the account moves to it only when that link is followed, and
 * the old address is told then. A taken address gets the same answer (auth sends nothing to it), so this form cannot
 * be used to find out who has an account.
 */
export function ChangeEmailForm({ currentEmail }: { currentEmail: string }) {
  const [sentTo, setSentTo] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const newEmail = String(new FormData(event.currentTarget).get('newEmail') ?? '').trim()
    setError(null)
    if (newEmail.toLowerCase() === currentEmail.toLowerCase()) {
      setError('That is already your address.')
      return
    }
    setPending(true)
    const { error } = await authClient.changeEmail({ newEmail })
    setPending(false)
    if (!error) {
      setSentTo(newEmail)
      return
    }
    if (error.status === 429) setError('Too many requests. Wait a little and try again.')
    else if (error.status === 401 || error.status === 403) setError('Your session has ended. Sign in again to change your address.')
    else if (error.status === 0 || error.status >= 500) setError('Tasklane is not reachable right now. Try again in a moment.')
    else setError('Enter a valid email address.')
  }

  return (
    <section className="change-email" aria-labelledby="change-email-heading">
      <h2 id="change-email-heading">Email address</h2>
      <p>
        Current address: <strong className="current-email">{currentEmail}</strong>
      </p>
      {sentTo !== null ? (
        <div role="status">
          <p>
            We sent a link to <strong>{sentTo}</strong>. Your address changes when you follow it (within an hour); until then, sign in with{' '}
            {currentEmail}.
          </p>
          <button type="button" className="button secondary small" onClick={() => setSentTo(null)}>
            Use another address
          </button>
        </div>
      ) : (
        <form onSubmit={submit} aria-busy={pending}>
          <label>
            New email address
            <input name="newEmail" type="email" autoComplete="email" required maxLength={320} />
          </label>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" className="button" disabled={pending}>
            {pending ? 'Sending…' : 'Send a confirmation link'}
          </button>
        </form>
      )}
    </section>
  )
}
