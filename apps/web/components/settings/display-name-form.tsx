'use client'
import { type FormEvent, useState } from 'react'
import { authClient } from '@/lib/auth-client'
import { describeAuthFailure } from './auth-error'

const MAX_NAME = 100

type State = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; name: string } | { kind: 'error'; message: string }

/** The display name: 1 to 100 characters, stored trimmed (auth checks the same: apps/auth/src/display-name.ts). */
export function DisplayNameForm({ initialName }: { initialName: string }) {
  const [name, setName] = useState(initialName)
  const [saved, setSaved] = useState(initialName)
  const [state, setState] = useState<State>({ kind: 'idle' })

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const trimmed = name.trim()
    if (trimmed.length === 0 || trimmed.length > MAX_NAME) {
      setState({ kind: 'error', message: `Your name must be 1 to ${MAX_NAME} characters.` })
      return
    }
    setState({ kind: 'saving' })
    const { error } = await authClient.updateUser({ name: trimmed })
    if (error) {
      setState({ kind: 'error', message: error.status === 400 ? `Your name must be 1 to ${MAX_NAME} characters.` : describeAuthFailure(error) })
      return
    }
    setName(trimmed)
    setSaved(trimmed)
    setState({ kind: 'saved', name: trimmed })
  }

  const unchanged = name.trim() === saved
  return (
    <form onSubmit={submit} className="settings-form" aria-busy={state.kind === 'saving'}>
      <label>
        Name
        <input
          name="name"
          autoComplete="name"
          value={name}
          maxLength={MAX_NAME}
          required
          onChange={(event) => {
            setName(event.target.value)
            if (state.kind !== 'saving') setState({ kind: 'idle' })
          }}
          aria-describedby="name-status"
        />
      </label>
      <div className="form-actions">
        <button type="submit" className="button" disabled={state.kind === 'saving' || unchanged}>
          {state.kind === 'saving' ? 'Saving…' : 'Save name'}
        </button>
        <p id="name-status" className={state.kind === 'error' ? 'error form-status' : 'hint form-status'} role={state.kind === 'error' ? 'alert' : 'status'}>
          {state.kind === 'saved' ? 'Saved.' : state.kind === 'error' ? state.message : ''}
        </p>
      </div>
    </form>
  )
}
