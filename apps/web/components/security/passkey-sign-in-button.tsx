'use client'
import { useState } from 'react'
import { authClient } from '@/lib/auth-client'
import { describePasskeyError } from '@/lib/passkey-errors'
import './security.css'

/**
 * Signs in with a passkey alone: the browser offers the passkeys it holds for this site, and the one chosen proves who
 * the user is (no email, no password, no second step: the passkey is already something held and something unlocked).
 */
export function PasskeySignInButton({ next }: { next: string }) {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function signIn() {
    setError(null)
    if (typeof window.PublicKeyCredential === 'undefined') {
      setError('This browser cannot use passkeys. Sign in with your email and password.')
      return
    }
    setPending(true)
    const { error } = await authClient.signIn.passkey()
    if (error) {
      setPending(false)
      setError(describePasskeyError(error, 'sign-in'))
      return
    }
    window.location.assign(next)
  }

  return (
    <div className="passkey-sign-in">
      <p className="or" aria-hidden="true">
        or
      </p>
      <button type="button" className="button secondary" onClick={signIn} disabled={pending} aria-busy={pending}>
        {pending ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
      </button>
      <p role="alert" className="error error-slot">
        {error}
      </p>
    </div>
  )
}
