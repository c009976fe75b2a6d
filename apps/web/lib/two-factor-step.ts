/** The second sign-in step's page, carrying where the user was going (already checked by `safeNextPath`). */
export function twoFactorStepUrl(next: string): string {
  return `/sign-in/two-factor${next === '/dashboard' ? '' : `?next=${encodeURIComponent(next)}`}`
}
