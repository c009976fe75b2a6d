import { errorBody } from '@tasklane/http/error-body'
import { type Logger, maskEmail } from '@tasklane/logging'
import type { AccountThrottle } from './account-throttle.ts'
import type { Auth } from './better-auth.ts'
import type { AccountMail } from './mail/account-mail.ts'
import { withEmailChangeNotice } from './mail/email-change-notice.ts'
import type { ResetLinks } from './mail/reset-links.ts'

const SIGN_IN = '/api/auth/sign-in/email'
const SIGN_UP = '/api/auth/sign-up/email'
const SIGN_OUT = '/api/auth/sign-out'
const CHANGE_PASSWORD = '/api/auth/change-password'
const VERIFY_EMAIL = '/api/auth/verify-email'
const CHANGE_EMAIL = '/api/auth/change-email'

export interface AccountMailRoutes {
  accountMail: AccountMail
  resetLinks: ResetLinks
}

/**
 * Better Auth's generic handler, with three promises Tasklane makes on top of it:
 * - the session token reaches the browser only as an HttpOnly cookie, never in a JSON body;
 * - signing in while holding a session ends that older session;
 * - a sign-out that did not reach the database does not report success (Better Auth logs the failure and
 *   answers 200 anyway, clearing the cookie while the session stays valid on the server);
 * - failed sign-ins are counted per account, from every address, and slow that account down (account-throttle.ts);
 * - an account's old address is told when it moves to a new one, and a changed password ends every reset link sent
 *   before; an emailed link lands only on a path of this site.
 */
export function authRoutes(auth: Auth, logger: Logger, accountThrottle: AccountThrottle, { accountMail, resetLinks }: AccountMailRoutes) {
  return async (request: Request, path: string, requestId: string): Promise<Response> => {
    if (request.method === 'GET' && path === VERIFY_EMAIL) {
      const landing = new URL(request.url).searchParams.get('callbackURL')
      // Better Auth checks it against the trusted origins only outside NODE_ENV=test, and answers 500 for some it lets
      // through (`//host`); the links Tasklane sends land on its own paths, so nothing else is needed.
      if (landing !== null && !isSitePath(landing)) {
        return Response.json(errorBody(requestId, 'INVALID_CALLBACK_URL', 'callbackURL must be a path on this site.', { field: 'callbackURL' }), { status: 400 })
      }
      return withEmailChangeNotice(auth, accountMail, request, () => auth.handler(request))
    }
    if (request.method !== 'POST') return auth.handler(request)
    if (path === SIGN_OUT) return confirmedSignOut(auth, request, requestId, logger)
    if (path === CHANGE_PASSWORD) return withResetLinksRevoked(await auth.handler(request), resetLinks)
    // Better Auth refuses the account's own address with a bare `{ message }`; every other refusal it makes has a code.
    if (path === CHANGE_EMAIL) return withErrorCode(await auth.handler(request), 'EMAIL_UNCHANGED')
    const previous = path === SIGN_IN ? await currentSession(auth, request.headers) : null
    const email = path === SIGN_IN ? await emailOf(request) : undefined
    const response =
      email === undefined ? await auth.handler(request) : await accountThrottle.signIn(email, requestId, () => auth.handler(request))
    if (email && (response.status === 401 || response.status === 429)) {
      // Enough to spot an attack on one account, not enough to learn who has one.
      logger.warn({ email: maskEmail(email), status: response.status }, 'sign-in refused')
    }
    if (!response.ok || (path !== SIGN_IN && path !== SIGN_UP)) return response
    if (previous) await (await auth.$context).internalAdapter.deleteSession(previous.session.token)
    return withoutToken(response)
  }
}

/** `/dashboard?x=1`, not `//host`, `/\host`, a scheme or control characters. */
function isSitePath(value: string): boolean {
  // \s covers the control characters that matter here (tab, line breaks); the rest are refused by code point.
  return /^\/(?![/\\])[^\s\\]*$/.test(value) && ![...value].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f)
}

async function withErrorCode(response: Response, code: string): Promise<Response> {
  if (response.status < 400 || !response.headers.get('content-type')?.startsWith('application/json')) return response
  const body = (await response.clone().json().catch(() => null)) as Record<string, unknown> | null
  if (body === null || typeof body !== 'object' || 'code' in body) return response
  const headers = new Headers(response.headers)
  headers.delete('content-length')
  return new Response(JSON.stringify({ code, ...body }), { status: response.status, headers })
}

/** A password changed from the settings: reset links sent for the old one stop working. */
async function withResetLinksRevoked(response: Response, resetLinks: ResetLinks): Promise<Response> {
  if (!response.ok) return response
  const body = (await response.clone().json().catch(() => null)) as { user?: { id?: unknown } } | null
  if (typeof body?.user?.id === 'string') await resetLinks.revokeAll(body.user.id)
  return response
}

async function confirmedSignOut(auth: Auth, request: Request, requestId: string, logger: Logger): Promise<Response> {
  const headers = new Headers(request.headers)
  const response = await auth.handler(request)
  if (!response.ok) return response
  try {
    if ((await currentSession(auth, headers, { throwOnError: true })) === null) return response
  } catch (error) {
    logger.warn({ err: error }, 'sign-out could not be confirmed')
  }
  // No clearing cookies: the browser keeps its session and can sign out again once the database is back.
  return Response.json(errorBody(requestId, 'SIGN_OUT_FAILED', 'Sign-out did not complete; try again in a moment.'), {
    status: 503,
    headers: { 'retry-after': '2' },
  })
}

async function currentSession(auth: Auth, headers: Headers, { throwOnError = false } = {}) {
  try {
    return await auth.api.getSession({ headers, query: { disableRefresh: true } })
  } catch (error) {
    if (throwOnError) throw error
    return null
  }
}

async function emailOf(request: Request): Promise<string | undefined> {
  try {
    const body = (await request.clone().json()) as { email?: unknown }
    return typeof body.email === 'string' ? body.email : undefined
  } catch {
    return undefined
  }
}

async function withoutToken(response: Response): Promise<Response> {
  const body = (await response.json()) as Record<string, unknown>
  delete body.token
  const headers = new Headers(response.headers)
  headers.delete('content-length')
  return new Response(JSON.stringify(body), { status: response.status, headers })
}
