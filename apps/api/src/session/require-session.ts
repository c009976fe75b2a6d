import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { ApiEnv } from '../api-env.ts'
import { AppError } from '../errors/app-error.ts'
import type { SessionValidator } from './session-validator.ts'

/** Better Auth's session cookie, over http and (with the `__Secure-` prefix) over https. */
export const SESSION_COOKIE_NAMES = ['better-auth.session_token', '__Secure-better-auth.session_token']

/**
 * Sent by a server that calls the api on a browser's behalf but cannot pass a Set-Cookie back (the web app
 * rendering a page): auth then leaves the sliding refresh for a later request whose cookie does reach the
 * browser. Without it, a refresh made there would move the session's expiry while the browser kept the old
 * cookie lifetime, and an active user would be signed out. It can only postpone one's own refresh.
 */
export const DEFER_REFRESH_HEADER = 'x-session-refresh'

/**
 * Every request is checked by auth itself; nothing is cached, so a sign-out is refused on the next request.
 * A request with no session cookie at all is refused here, without asking auth: there is nothing to ask about.
 */
export function requireSession(sessionValidator: SessionValidator): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const cookie = c.req.header('cookie')
    if (!cookie || !SESSION_COOKIE_NAMES.some((name) => getCookie(c, name))) throw new AppError('UNAUTHENTICATED')
    const { session, setCookies } = await sessionValidator.validate({
      cookie,
      requestId: c.var.requestId,
      deferRefresh: c.req.header(DEFER_REFRESH_HEADER) === 'defer',
    })
    // Set before the handler runs, so error responses carry them too (a sign-out's clearing cookies).
    for (const setCookie of setCookies) c.header('Set-Cookie', setCookie, { append: true })
    if (!session) throw new AppError('UNAUTHENTICATED')
    c.set('session', session)
    await next()
  }
}
