import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { isBetterAuthCookie, SESSION_COOKIE_NAMES } from '@tasklane/http/session-cookie'
import type { ApiEnv } from '../api-env.ts'
import { AppError } from '../errors/app-error.ts'
import type { SessionValidator } from './session-validator.ts'

const MAX_SESSION_COOKIE_LENGTH = 512

/** Only Better Auth's own cookies go to auth: the rest of the browser's cookies are none of its business. */
function betterAuthCookies(header: string): string {
  return header
    .split(';')
    .map((pair) => pair.trim())
    .filter(isBetterAuthCookie)
    .join('; ')
}

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
    const sessionCookies = SESSION_COOKIE_NAMES.map((name) => getCookie(c, name)).filter((value) => value !== undefined)
    // A real session cookie is about 110 bytes; anything far longer is not one, and forwarding it could push
    // auth past its header limit and make a garbage cookie look like an outage (503).
    if (sessionCookies.length === 0 || sessionCookies.some((value) => value.length > MAX_SESSION_COOKIE_LENGTH)) {
      throw new AppError('UNAUTHENTICATED')
    }
    const { session, setCookies } = await sessionValidator.validate({
      cookie: betterAuthCookies(c.req.header('cookie') ?? ''),
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
