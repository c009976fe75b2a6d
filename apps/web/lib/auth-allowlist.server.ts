import { errorBody } from '@tasklane/http/error-body'

/**
 * The auth endpoints the product uses, as the browser's origin serves them (`/api/auth/<path>`): everything else Better
 * Auth has (`verify-password`, which costs a password hash per call, `update-session`, `list-accounts`, `error`, …) is
 * not reachable from the browser. Extend it with each account feature the web app gains.
 */
export const BROWSER_AUTH_ENDPOINTS: ReadonlySet<string> = new Set([
  'GET get-session',
  'POST sign-up/email',
  'POST sign-in/email',
  'POST sign-out',
  // The settings page (apps/web/app/settings): the display name, the password, the user's own sessions (listed and
  // revoked by id, never by token: apps/auth/src/own-sessions.ts), and deleting the account.
  'POST update-user',
  'POST change-password',
  'GET list-own-sessions',
  'POST revoke-own-session',
  'POST revoke-other-sessions',
  'POST delete-user',
  // Two-factor sign-in: turning it on (password, then a first code), off (password), and the second sign-in step.
  'POST two-factor/enable',
  'POST two-factor/disable',
  'POST two-factor/verify-totp',
  'POST two-factor/verify-backup-code',
  // Passkeys: adding one (options, then the browser's answer), signing in with one, and managing the list.
  'GET passkey/generate-register-options',
  'POST passkey/verify-registration',
  'GET passkey/generate-authenticate-options',
  'POST passkey/verify-authentication',
  'GET passkey/list-user-passkeys',
  'POST passkey/update-passkey',
  'POST passkey/delete-passkey',
  // Forgot and reset password: /forgot-password asks for a link, /reset-password sets the new password with its token.
  'POST request-password-reset',
  'POST reset-password',
  // Email verification: the dashboard's banner and the sign-in page resend the link; the link itself is this GET.
  'POST send-verification-email',
  'GET verify-email',
  // Change of address (the settings' form): the link goes to the new address and comes back through verify-email.
  'POST change-email',
])

const PREFIX = '/api/auth/'

export function isBrowserAuthEndpoint(method: string, pathname: string): boolean {
  return pathname.startsWith(PREFIX) && BROWSER_AUTH_ENDPOINTS.has(`${method} ${pathname.slice(PREFIX.length)}`)
}

/** The answer for any other `/api/auth/*` path: not found, in the services' error shape. */
export function authPathNotFound(request: Request): Response {
  const requestId = crypto.randomUUID()
  const path = new URL(request.url).pathname
  return Response.json(errorBody(requestId, 'NOT_FOUND', 'No such route.', { path }), { status: 404, headers: { 'x-request-id': requestId } })
}
