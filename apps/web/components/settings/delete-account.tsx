'use client'
import { type FormEvent, useRef, useState } from 'react'
import { authClient } from '@/lib/auth-client'
import { describeAuthFailure } from './auth-error'

const CONFIRMATION = 'DELETE'

/**
 * Deleting the account, in a modal dialog: the password (not needed within SESSION_FRESH_AGE of signing in, which
 * only auth knows: it says so when it is), and DELETE typed out. Auth deletes the user, and with it every task,
 * list and session; this browser then goes to the sign-up page, which says so.
 */
export function DeleteAccount({ email }: { email: string }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const [typed, setTyped] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  function open() {
    setTyped('')
    setError(null)
    dialog.current?.showModal()
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (typed !== CONFIRMATION) return
    const password = String(new FormData(event.currentTarget).get('password') ?? '')
    setPending(true)
    setError(null)
    const { error } = await authClient.deleteUser(password ? { password } : {})
    if (error) {
      setPending(false)
      setError(
        error.code === 'INVALID_PASSWORD'
          ? 'That password is not right. Nothing was deleted.'
          : error.code === 'SESSION_EXPIRED'
            ? 'Enter your password: you signed in too long ago to delete without it.'
            : describeAuthFailure(error),
      )
      return
    }
    window.location.assign('/sign-up?deleted=1')
  }

  return (
    <>
      <button type="button" className="button danger" onClick={open}>
        Delete account…
      </button>
      <dialog ref={dialog} className="settings-dialog" aria-labelledby="delete-dialog-heading" onClose={() => setPending(false)}>
        <form onSubmit={submit} aria-busy={pending}>
          <h2 id="delete-dialog-heading">Delete your account?</h2>
          <p>
            <strong className="email-address">{email}</strong> and all its tasks and lists are deleted for good. Download your data first if you want to keep it.
          </p>
          <label>
            Your password
            <input name="password" type="password" autoComplete="current-password" maxLength={128} aria-describedby="delete-password-hint" />
          </label>
          <p id="delete-password-hint" className="hint">
            Not needed if you signed in a few minutes ago.
          </p>
          <label>
            Type {CONFIRMATION} to confirm
            <input name="confirmation" autoComplete="off" autoCapitalize="characters" spellCheck={false} value={typed} onChange={(event) => setTyped(event.target.value)} />
          </label>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="button danger-solid" disabled={pending || typed !== CONFIRMATION}>
              {pending ? 'Deleting…' : 'Delete my account'}
            </button>
            <button type="button" className="button secondary" onClick={() => dialog.current?.close()} disabled={pending}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </>
  )
}
