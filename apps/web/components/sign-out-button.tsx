'use client'
import { useState } from 'react'
import { authClient } from '@/lib/auth-client'

export function SignOutButton() {
  const [pending, setPending] = useState(false)
  const [failed, setFailed] = useState(false)
  async function signOut() {
    setPending(true)
    setFailed(false)
    const { error } = await authClient.signOut()
    if (error) {
      // The session was not ended on the server: say so rather than pretend.
      setPending(false)
      setFailed(true)
      return
    }
    window.location.assign('/sign-in')
  }
  return (
    <>
      {failed && <span role="alert" className="error-inline">Sign-out failed; try again.</span>}
      <button type="button" className="button secondary" onClick={signOut} disabled={pending}>
        {pending ? 'Signing out…' : 'Sign out'}
      </button>
    </>
  )
}
