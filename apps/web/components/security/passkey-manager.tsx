'use client'
import { type FormEvent, useState } from 'react'
import { authClient } from '@/lib/auth-client'
import { describePasskeyError } from '@/lib/passkey-errors'
import { type PasskeySummary, toPasskeySummary } from '@/lib/passkey-summary'
import './security.css'

const MAX_NAME = 100
// One format on the server and in the browser (UTC, English), so the first render and hydration agree.
const ADDED_ON = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })

type Editing = { id: string; mode: 'rename' | 'remove' } | null

/** The signed-in user's passkeys: the list with each one's name and date, adding one on this device, renaming, removing. */
export function PasskeyManager({ initialPasskeys, suggestedName }: { initialPasskeys: PasskeySummary[]; suggestedName: string }) {
  const [passkeys, setPasskeys] = useState(initialPasskeys)
  const [newName, setNewName] = useState(suggestedName)
  const [editing, setEditing] = useState<Editing>(null)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)

  async function refresh() {
    const { data } = await authClient.$fetch<Array<Parameters<typeof toPasskeySummary>[0]>>('/passkey/list-user-passkeys', { method: 'GET' })
    if (data) setPasskeys(data.map(toPasskeySummary))
  }

  async function run(action: () => Promise<{ error: { status: number; code?: string | undefined } | null }>, done: string, ceremony?: 'registration') {
    setPending(true)
    setError(null)
    setStatus(null)
    const { error } = await action()
    setPending(false)
    if (error) {
      setError(ceremony ? describePasskeyError(error, ceremony) : describeChangeError(error.status))
      if (error.status === 404) await refresh()
      return
    }
    setEditing(null)
    setStatus(done)
    await refresh()
  }

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (typeof window.PublicKeyCredential === 'undefined') {
      setError('This browser cannot make passkeys.')
      return
    }
    const name = newName.trim() || suggestedName
    await run(() => authClient.passkey.addPasskey({ name }), `Passkey “${name}” added.`, 'registration')
  }

  async function rename(event: FormEvent<HTMLFormElement>, passkey: PasskeySummary) {
    event.preventDefault()
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim()
    if (!name) {
      setError('A passkey needs a name.')
      return
    }
    await run(() => authClient.$fetch('/passkey/update-passkey', { method: 'POST', body: { id: passkey.id, name } }), `Renamed to “${name}”.`)
  }

  async function remove(passkey: PasskeySummary) {
    await run(() => authClient.$fetch('/passkey/delete-passkey', { method: 'POST', body: { id: passkey.id } }), `Passkey “${passkey.name}” removed.`)
  }

  return (
    <section className="card security-section" aria-labelledby="passkeys-heading">
      <h2 id="passkeys-heading">Passkeys</h2>
      <p className="hint">Sign in with your fingerprint, face or device PIN instead of a password. Each passkey lives on one device or password manager.</p>
      {passkeys.length === 0 ? (
        <p className="empty-line">No passkeys yet.</p>
      ) : (
        <ul className="passkeys" aria-label="Your passkeys">
          {passkeys.map((passkey) => (
            <li key={passkey.id} className="passkey">
              {editing?.id === passkey.id && editing.mode === 'rename' ? (
                <form className="passkey-rename" onSubmit={(event) => rename(event, passkey)}>
                  <label>
                    New name for “{passkey.name}”
                    <input name="name" defaultValue={passkey.name} maxLength={MAX_NAME} required autoFocus />
                  </label>
                  <div className="row">
                    <button type="submit" className="button small" disabled={pending}>
                      Save
                    </button>
                    <button type="button" className="button small secondary" onClick={() => setEditing(null)}>
                      Cancel
                    </button>
                  </div>
                </form>
              ) : (
                <>
                  <div className="passkey-text">
                    <span className="passkey-name">{passkey.name}</span>
                    <span className="hint">{passkey.createdAt ? <>Added <time dateTime={passkey.createdAt}>{ADDED_ON.format(new Date(passkey.createdAt))}</time></> : 'Date unknown'}</span>
                  </div>
                  {editing?.id === passkey.id && editing.mode === 'remove' ? (
                    <div className="passkey-confirm" role="group" aria-label={`Remove “${passkey.name}”?`}>
                      <span>Remove it? It will no longer sign you in.</span>
                      <div className="row">
                        <button type="button" className="button small danger" onClick={() => remove(passkey)} disabled={pending} autoFocus>
                          Remove passkey
                        </button>
                        <button type="button" className="button small secondary" onClick={() => setEditing(null)}>
                          Keep
                        </button>
                      </div>
                    </div>
                  ) : (
                    <div className="row passkey-actions">
                      <button type="button" className="button small secondary" onClick={() => setEditing({ id: passkey.id, mode: 'rename' })} aria-label={`Rename “${passkey.name}”`}>
                        Rename
                      </button>
                      <button type="button" className="button small danger" onClick={() => setEditing({ id: passkey.id, mode: 'remove' })} aria-label={`Remove “${passkey.name}”`}>
                        Remove
                      </button>
                    </div>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="passkey-add" onSubmit={add} aria-busy={pending}>
        <label>
          Name for a new passkey
          <input name="passkey-name" value={newName} onChange={(event) => setNewName(event.target.value)} maxLength={MAX_NAME} autoComplete="off" />
        </label>
        <button type="submit" className="button" disabled={pending}>
          Add a passkey
        </button>
      </form>
      <p role="alert" className="error error-slot">
        {error}
      </p>
      <p role="status" className="ok-text status-slot">
        {status}
      </p>
    </section>
  )
}

function describeChangeError(status: number): string {
  if (status === 429) return 'Too many attempts. Wait a few seconds and try again.'
  if (status === 401) return 'Your session has ended. Sign in again.'
  if (status === 404) return 'That passkey no longer exists. The list has been refreshed.'
  if (status === 0 || status >= 500) return 'Tasklane is not reachable right now. Try again in a moment.'
  return 'That did not work. Check the name and try again.'
}
