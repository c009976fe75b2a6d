'use client'
import { type FormEvent, useState } from 'react'
import { PasskeySignInButton } from '@/components/security/passkey-sign-in-button'
import { authClient } from '@/lib/auth-client'
import { twoFactorStepUrl } from '@/lib/two-factor-step'

const MIN_PASSWORD = 8

export function AuthForm({ mode, next }: { mode: 'sign-in' | 'sign-up'; next: string }) {
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const signUp = mode === 'sign-up'

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const email = String(form.get('email') ?? '').trim()
    const password = String(form.get('password') ?? '')
    const name = String(form.get('name') ?? '').trim() || email.split('@')[0] || 'Tasklane user'
    setError(null)
    setPending(true)
    const { data, error } = signUp
      ? await authClient.signUp.email({ email, password, name })
      : await authClient.signIn.email({ email, password })
    if (error) {
      setPending(false)
      setError(describeError(error.status, signUp))
      return
    }
    // Right password, two-factor on: no session yet, the code is asked for on the next page.
    if (data && 'twoFactorRedirect' in data && data.twoFactorRedirect) {
      window.location.assign(twoFactorStepUrl(next))
      return
    }
    // A full navigation, so the server renders the next page with the new cookie.
    window.location.assign(next)
  }

  const otherHref = `${signUp ? '/sign-in' : '/sign-up'}${next === '/dashboard' ? '' : `?next=${encodeURIComponent(next)}`}`
  return (
    <main className="card narrow">
      <h1>{signUp ? 'Create your account' : 'Sign in to Tasklane'}</h1>
      <form onSubmit={submit} noValidate={false} aria-busy={pending}>
        {signUp && (
          <label>
            Name
            <input name="name" autoComplete="name" maxLength={100} />
          </label>
        )}
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={signUp ? 'new-password' : 'current-password'}
            required
            minLength={signUp ? MIN_PASSWORD : undefined}
            maxLength={128}
            aria-describedby={signUp ? 'password-rules' : undefined}
          />
        </label>
        {signUp && (
          <p id="password-rules" className="hint">
            At least {MIN_PASSWORD} characters (up to 128).
          </p>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="button" disabled={pending}>
          {pending ? (signUp ? 'Creating account…' : 'Signing in…') : signUp ? 'Sign up' : 'Sign in'}
        </button>
      </form>
      {!signUp && <PasskeySignInButton next={next} />}
      <p className="switch">
        {signUp ? 'Already have an account? ' : 'New to Tasklane? '}
        <a href={otherHref}>{signUp ? 'Sign in' : 'Create an account'}</a>
      </p>
    </main>
  )
}

function describeError(status: number, signUp: boolean): string {
  if (status === 429) return 'Too many attempts. Wait a few seconds and try again.'
  if (status === 0 || status >= 500) return 'Tasklane is not reachable right now. Try again in a moment.'
  if (signUp) {
    if (status === 422 || status === 400) return 'That email cannot be used: it may already have an account, or it is not valid.'
    return 'Could not create the account. Check the fields and try again.'
  }
  // Wrong password and unknown email read the same: nothing here tells whether an account exists.
  return 'Email or password is incorrect.'
}
