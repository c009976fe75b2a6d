'use client'
import { type FormEvent, useState } from 'react'
import { PasskeySignInButton } from '@/components/security/passkey-sign-in-button'
import { authClient } from '@/lib/auth-client'
import { twoFactorStepUrl } from '@/lib/two-factor-step'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PASSWORD_RULES_TEXT } from '@/lib/password-rules'
import { useResendVerification } from './resend-verification'

/** What the page says above the form: after a password reset, every session has ended and this is the way back in. */
export type AuthNotice = 'password-reset' | null

const NOTICES: Record<Exclude<AuthNotice, null>, string> = {
  'password-reset': 'Your password was changed and you were signed out everywhere. Sign in with your new password.',
}

type Problem = { kind: 'message'; text: string } | { kind: 'unverified'; email: string }

export function AuthForm({ mode, next, notice = null }: { mode: 'sign-in' | 'sign-up'; next: string; notice?: AuthNotice }) {
  const [problem, setProblem] = useState<Problem | null>(null)
  const [pending, setPending] = useState(false)
  const [checkInboxFor, setCheckInboxFor] = useState<string | null>(null)
  const signUp = mode === 'sign-up'

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const email = String(form.get('email') ?? '').trim()
    const password = String(form.get('password') ?? '')
    const name = String(form.get('name') ?? '').trim() || email.split('@')[0] || 'Tasklane user'
    setProblem(null)
    setPending(true)
    const { data, error } = signUp
      ? await authClient.signUp.email({ email, password, name })
      : await authClient.signIn.email({ email, password })
    if (error) {
      setPending(false)
      setProblem(!signUp && error.code === 'EMAIL_NOT_VERIFIED' ? { kind: 'unverified', email } : { kind: 'message', text: describeError(error.status, signUp) })
      return
    }
    // Where addresses must be verified first, sign-up gives no session (for a new address and a taken one alike).
    if (signUp && !(await authClient.getSession()).data) {
      setPending(false)
      setCheckInboxFor(email)
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

  if (checkInboxFor !== null) {
    return (
      <main className="card narrow">
        <h1>Check your email</h1>
        <p role="status">
          We sent a link to <strong>{checkInboxFor}</strong>. Follow it to verify your address; it signs you in.
        </p>
        <p className="switch">
          Already verified? <a href="/sign-in">Sign in</a>
        </p>
      </main>
    )
  }

  const otherHref = `${signUp ? '/sign-in' : '/sign-up'}${next === '/dashboard' ? '' : `?next=${encodeURIComponent(next)}`}`
  return (
    <main className="card narrow">
      <h1>{signUp ? 'Create your account' : 'Sign in to Tasklane'}</h1>
      {notice && (
        <p role="status" className="auth-notice">
          {NOTICES[notice]}
        </p>
      )}
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
            minLength={signUp ? MIN_PASSWORD_LENGTH : undefined}
            maxLength={MAX_PASSWORD_LENGTH}
            aria-describedby={signUp ? 'password-rules' : undefined}
          />
        </label>
        {signUp ? (
          <p id="password-rules" className="hint">
            {PASSWORD_RULES_TEXT}
          </p>
        ) : (
          <p className="forgot-link">
            <a href="/forgot-password">Forgot your password?</a>
          </p>
        )}
        {problem?.kind === 'message' && (
          <p role="alert" className="error">
            {problem.text}
          </p>
        )}
        {problem?.kind === 'unverified' && <UnverifiedNotice email={problem.email} />}
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

/** Sign-in refused until the address is verified (REQUIRE_EMAIL_VERIFICATION): say so, and offer the link again. */
function UnverifiedNotice({ email }: { email: string }) {
  const { message, pending, resend } = useResendVerification(email)
  return (
    <div role="alert" className="error">
      <p className="error">Check your email: verify your address with the link we sent to {email}, then sign in.</p>
      <p>
        <button type="button" className="link-button" onClick={resend} disabled={pending}>
          {pending ? 'Sending…' : 'Send the link again'}
        </button>{' '}
        <span role="status">{message}</span>
      </p>
    </div>
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
