import { errorBody } from '@tasklane/http/error-body'
import { type Logger, maskEmail } from '@tasklane/logging'
import type { AccountThrottle } from './account-throttle.ts'
import type { Auth } from './better-auth.ts'
import type { AccountMail } from './mail/account-mail.ts'
import type { AddressLimiter } from './mail/address-limiter.ts'
import { withEmailChangeNotice } from './mail/email-change-notice.ts'
import type { ResetLinks } from './mail/reset-links.ts'

const SIGN_IN = '/api/auth/sign-in/email'
const SIGN_UP = '/api/auth/sign-up/email'
const SIGN_OUT = '/api/auth/sign-out'
const CHANGE_PASSWORD = '/api/auth/change-password'
const VERIFY_EMAIL = '/api/auth/verify-email'

/**
 * Requests that send an email to the address they name, with the answer Better Auth gives whether or not the address
 * has an account: one refused by the per-address limit gets that same answer, so the limit tells a client nothing.
 */
const ADDRESS_MAIL_ANSWERS: Readonly<Record<string, object>> = {
  '/api/auth/request-password-reset': { status: true, message: 'If this email exists in our system, check your email for the reset link' },
  '/api/auth/send-verification-email': { status: true },
}

export interface AccountMailRoutes {
  addressLimiter: AddressLimiter
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
 * - an address is sent only so many account emails per window (mail/address-limiter.ts), its old address is told when
 *   an account moves to a new one, and a changed password ends every reset link sent before.
 */
export function authRoutes(auth: Auth, logger: Logger, accountThrottle: AccountThrottle, { addressLimiter, accountMail, resetLinks }: AccountMailRoutes) {
  return async (request: Request, path: string, requestId: string): Promise<Response> => {
    if (request.method === 'GET' && path === VERIFY_EMAIL) return withEmailChangeNotice(auth, accountMail, request, () => auth.handler(request))
    if (request.method !== 'POST') return auth.handler(request)
    if (path === SIGN_OUT) return confirmedSignOut(auth, request, requestId, logger)
    const addressMailAnswer = ADDRESS_MAIL_ANSWERS[path]
    if (addressMailAnswer) {
      const email = await emailOf(request)
      if (email !== undefined && !(await addressLimiter.allow(email))) return Response.json(addressMailAnswer)
      return auth.handler(request)
    }
    if (path === CHANGE_PASSWORD) return withResetLinksRevoked(await auth.handler(request), resetLinks)
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
