/** What Better Auth's passkey client answers with on failure: a WebAuthn error code from the browser, or the server's. */
export interface PasskeyClientError {
  code?: string | undefined
  status: number
}

/** A sentence for the person at the keyboard; nothing here repeats what the browser or server said verbatim. */
export function describePasskeyError(error: PasskeyClientError, ceremony: 'sign-in' | 'registration'): string {
  if (error.status === 429) return 'Too many attempts. Wait a few seconds and try again.'
  if (error.status === 0 || error.status >= 500) return 'Tasklane is not reachable right now. Try again in a moment.'
  if (error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') return 'This device already holds a passkey for your account.'
  if (error.code === 'AUTH_CANCELLED' || error.code === 'ERROR_CEREMONY_ABORTED' || error.code === 'REGISTRATION_CANCELLED') {
    return ceremony === 'sign-in' ? 'Passkey sign-in was cancelled.' : 'Adding the passkey was cancelled.'
  }
  if (ceremony === 'sign-in') {
    // An unknown or removed passkey, or a signature that did not verify: the same answer, it does not sign in.
    return 'That passkey could not sign you in. It may have been removed from your account; sign in with your password.'
  }
  // 403 SESSION_NOT_FRESH: adding a way in needs a sign-in from the last day, not a week-old session.
  if (error.status === 401 || error.status === 403) return 'Sign in again before adding a passkey: your sign-in is too old for this.'
  return 'The passkey could not be added. Try again.'
}
