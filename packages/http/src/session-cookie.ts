/**
 * The names of Better Auth's cookies, which auth sets and the api forwards. Over https they carry the `__Host-`
 * prefix: the browser then accepts them only with `Secure`, `Path=/` and no `Domain`, so no sibling subdomain can
 * set or overwrite them (Better Auth's own `__Secure-` prefix does not stop that). Over http (local runs) they have
 * no prefix, since browsers refuse prefixed cookies that are not `Secure`.
 */
export const COOKIE_NAME_PREFIX = 'better-auth'
export const SECURE_COOKIE_PREFIX = '__Host-'

/**
 * Better Auth's cookies by their key in its `advanced.cookies` option: the session's, the two-factor plugin's pending
 * sign-in and trusted device, and the passkey plugin's pending challenge.
 */
export const BETTER_AUTH_COOKIES = ['session_token', 'session_data', 'dont_remember', 'account_data', 'two_factor', 'trust_device', 'better-auth-passkey'] as const

export function cookieName(cookie: (typeof BETTER_AUTH_COOKIES)[number], { secure }: { secure: boolean }): string {
  return `${secure ? SECURE_COOKIE_PREFIX : ''}${COOKIE_NAME_PREFIX}.${cookie}`
}

/** The session cookie under either name: the api looks for both, and auth accepts only the one it sets. */
export const SESSION_COOKIE_NAMES = [cookieName('session_token', { secure: false }), cookieName('session_token', { secure: true })] as const

/** Whether a `name=value` pair from a Cookie header is one of Better Auth's. */
export function isBetterAuthCookie(pair: string): boolean {
  return pair.startsWith(`${COOKIE_NAME_PREFIX}.`) || pair.startsWith(`${SECURE_COOKIE_PREFIX}${COOKIE_NAME_PREFIX}.`)
}
