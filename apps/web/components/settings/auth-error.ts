/** A refusal from auth as the Better Auth client reports it. */
export interface AuthFailure {
  status: number
  code?: string | undefined
}

/** What to tell the person when an account change was refused for a reason the form does not handle itself. */
export function describeAuthFailure({ status }: AuthFailure): string {
  if (status === 429) return 'Too many attempts. Wait a few seconds and try again.'
  if (status === 401) return 'You have been signed out. Sign in again to continue.'
  if (status === 0 || status >= 500) return 'Tasklane is not reachable right now. Try again in a moment.'
  return 'That did not work. Check the fields and try again.'
}
