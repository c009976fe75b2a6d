'use client'
import { useRouter } from 'next/navigation'
import { type FormEvent, useRef, useState } from 'react'
import { authClient } from '@/lib/auth-client'
import { describeAuthFailure } from './auth-error'

// The sign-up rules (apps/auth/src/better-auth.ts: minPasswordLength, maxPasswordLength).
const MIN_PASSWORD = 8
const MAX_PASSWORD = 128

type State = { kind: 'idle' } | { kind: 'saving' } | { kind: 'changed' } | { kind: 'error'; message: string }

/**
 * The current password, then the new one twice. Every other session is signed out (`revokeOtherSessions`); this
 * browser gets a new session cookie in the answer and stays signed in.
 */
export function ChangePasswordForm() {
  const router = useRouter()
  const form = useRef<HTMLFormElement>(null)
  const [state, setState] = useState<State>({ kind: 'idle' })

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const fields = new FormData(event.currentTarget)
    const currentPassword = String(fields.get('currentPassword') ?? '')
    const newPassword = String(fields.get('newPassword') ?? '')
    if (newPassword !== String(fields.get('confirmPassword') ?? '')) {
      setState({ kind: 'error', message: 'The new passwords do not match.' })
      return
    }
    if (newPassword.length < MIN_PASSWORD || newPassword.length > MAX_PASSWORD) {
      setState({ kind: 'error', message: `The new password must be ${MIN_PASSWORD} to ${MAX_PASSWORD} characters.` })
      return
    }
    setState({ kind: 'saving' })
    const { error } = await authClient.changePassword({ currentPassword, newPassword, revokeOtherSessions: true })
    if (error) {
      const message =
        error.code === 'INVALID_PASSWORD'
          ? 'Your current password is not right. Nothing was changed.'
          : error.code === 'PASSWORD_TOO_SHORT' || error.code === 'PASSWORD_TOO_LONG'
            ? `The new password must be ${MIN_PASSWORD} to ${MAX_PASSWORD} characters.`
            : describeAuthFailure(error)
      setState({ kind: 'error', message })
      return
    }
    form.current?.reset()
    setState({ kind: 'changed' })
    // The list of sessions below now holds this one only.
    router.refresh()
  }

  return (
    <form ref={form} onSubmit={submit} className="settings-form" aria-busy={state.kind === 'saving'}>
      <label>
        Current password
        <input name="currentPassword" type="password" autoComplete="current-password" required maxLength={MAX_PASSWORD} />
      </label>
      <label>
        New password
        <input name="newPassword" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD} maxLength={MAX_PASSWORD} aria-describedby="new-password-rules" />
      </label>
      <p id="new-password-rules" className="hint">
        At least {MIN_PASSWORD} characters (up to {MAX_PASSWORD}). Every other device is signed out; this one stays signed in.
      </p>
      <label>
        Repeat the new password
        <input name="confirmPassword" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD} maxLength={MAX_PASSWORD} />
      </label>
      <div className="form-actions">
        <button type="submit" className="button" disabled={state.kind === 'saving'}>
          {state.kind === 'saving' ? 'Changing…' : 'Change password'}
        </button>
        <p id="password-status" className={state.kind === 'error' ? 'error form-status' : 'hint form-status'} role={state.kind === 'error' ? 'alert' : 'status'}>
          {state.kind === 'changed' ? 'Password changed. Your other devices were signed out.' : state.kind === 'error' ? state.message : ''}
        </p>
      </div>
    </form>
  )
}
