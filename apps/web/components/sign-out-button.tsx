'use client'
import { useState } from 'react'
import { authClient } from '@/lib/auth-client'
import { pageExit } from '@/lib/page-exit'

export function SignOutButton() {
  const [pending, setPending] = useState(false)
  const [failed, setFailed] = useState(false)
  async function signOut() {
    setPending(true)
    setFailed(false)
    const signOutFailed = pageExit.beginSignOut()
    const { error } = await authClient.signOut()
    if (error) {
      signOutFailed()
      // The session was not ended on the server: say so rather than pretend.
      setPending(false)
      setFailed(true)
      return
    }
    pageExit.leaveFor('/sign-in')
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
