'use client'
import { type FormEvent, useState } from 'react'
import { authClient } from '@/lib/auth-client'
import './security.css'

type Method = 'totp' | 'backup'

/** The code form of the second sign-in step; "Use a backup code" switches to the one-time codes saved when two-factor was turned on. */
export function TwoFactorChallenge({ next }: { next: string }) {
  const [method, setMethod] = useState<Method>('totp')
  const [error, setError] = useState<string | null>(null)
  const [expired, setExpired] = useState(false)
  const [pending, setPending] = useState(false)
  const signInAgain = `/sign-in${next === '/dashboard' ? '' : `?next=${encodeURIComponent(next)}`}`

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const code = String(new FormData(event.currentTarget).get('code') ?? '').replace(/\s/g, '')
    setError(null)
    setPending(true)
    const { error } =
      method === 'totp' ? await authClient.twoFactor.verifyTotp({ code }) : await authClient.twoFactor.verifyBackupCode({ code })
    if (error) {
      setPending(false)
      if (error.code === 'INVALID_TWO_FACTOR_COOKIE' || error.code === 'TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE') {
        setExpired(true)
        setError('This sign-in has expired or had too many wrong codes. Start again with your password.')
        return
      }
      setError(describeCodeError(error.status, method))
      return
    }
    window.location.assign(next)
  }

  function switchMethod() {
    setMethod(method === 'totp' ? 'backup' : 'totp')
    setError(null)
  }

  return (
    <main className="card narrow">
      <h1>Two-factor sign-in</h1>
      <p className="hint step-hint">
        {method === 'totp' ? 'Enter the 6-digit code your authenticator app shows for Tasklane.' : 'Enter one of the backup codes you saved. Each works once.'}
      </p>
      <form onSubmit={submit} aria-busy={pending}>
        {/* A fresh field per method: the browser's one-time-code autofill belongs only to the app's codes. */}
        {method === 'totp' ? (
          <label key="totp">
            Authentication code
            <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" maxLength={7} required autoFocus />
          </label>
        ) : (
          <label key="backup">
            Backup code
            <input name="code" autoComplete="off" autoCapitalize="off" spellCheck={false} maxLength={32} required autoFocus />
          </label>
        )}
        <p role="alert" className="error error-slot">
          {error}
        </p>
        <button type="submit" className="button" disabled={pending || expired}>
          {pending ? 'Checking…' : 'Verify'}
        </button>
      </form>
      <p className="switch">
        <button type="button" className="link-button" onClick={switchMethod}>
          {method === 'totp' ? 'Use a backup code' : 'Use your authenticator app'}
        </button>
      </p>
      <p className="switch">
        <a href={signInAgain}>Start again</a>
      </p>
    </main>
  )
}

function describeCodeError(status: number, method: Method): string {
  if (status === 429) return 'Too many attempts. Wait a little and try again.'
  if (status === 0 || status >= 500) return 'Tasklane is not reachable right now. Try again in a moment.'
  return method === 'totp' ? 'That code is not right. Check the time on your device and enter the current code.' : 'That backup code is not valid or was already used.'
}
