import { PASSKEY_ERROR_CODES } from '@better-auth/passkey'
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
/** Where a browser gets a new session besides sign-in and sign-up: the second step of a two-factor sign-in, a passkey. */
const SECOND_STEP_SIGN_INS = new Set(['/api/auth/two-factor/verify-totp', '/api/auth/two-factor/verify-backup-code', '/api/auth/passkey/verify-authentication'])
const PASSKEY_REGISTRATION = '/api/auth/passkey/verify-registration'
const PASSKEY_CHANGES = new Set(['/api/auth/passkey/update-passkey', '/api/auth/passkey/delete-passkey'])
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
 * - a passkey registration the browser sent nonsense for is a 400, not Better Auth's 500;
 * - another user's passkey is answered exactly like one that does not exist (Better Auth says 401 for it).
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
    if (path === PASSKEY_REGISTRATION) return refusedRegistration(await auth.handler(request))
    if (PASSKEY_CHANGES.has(path)) return ownPasskeyOnly(auth, request)
    if (path === CHANGE_PASSWORD) return withResetLinksRevoked(await auth.handler(request), resetLinks)
    // Better Auth refuses the account's own address with a bare `{ message }`; every other refusal it makes has a code.
    if (path === CHANGE_EMAIL) return withErrorCode(await auth.handler(request), 'EMAIL_UNCHANGED')
    const startsSession = path === SIGN_IN || SECOND_STEP_SIGN_INS.has(path)
    const previous = startsSession ? await currentSession(auth, request.headers) : null
    const email = path === SIGN_IN ? await emailOf(request) : undefined
    const response =
      email === undefined ? await auth.handler(request) : await accountThrottle.signIn(email, requestId, () => auth.handler(request))
    if (email && (response.status === 401 || response.status === 429)) {
      // Enough to spot an attack on one account, not enough to learn who has one.
      logger.warn({ email: maskEmail(email), status: response.status }, 'sign-in refused')
    }
    if (!response.ok || (!startsSession && path !== SIGN_UP)) return response
    // A verify-totp made while signed in (turning two-factor on) keeps that same session: it is not a new sign-in.
    const ended = previous && !(await startedSession(response, previous.session.token)) ? null : previous
    if (ended) await (await auth.$context).internalAdapter.deleteSession(ended.session.token)
    return withoutToken(response)
  }
}

/** `/dashboard?x=1`, not `//host`, `/\host`, a scheme or control characters. */
function isSitePath(value: string): boolean {
  // \s covers the control characters that matter here (tab, line breaks); the rest are refused by code point.
  return /^\/(?![/\\])[^\s\\]*$/.test(value) && ![...value].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f)
}

/**
 * A refusal of Better Auth's without a code (it answers a few with a bare `{message}`: the account's own address on
 * change-email, an empty passkey id) gets `code`, as all its other refusals have.
 */
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

/**
 * Better Auth answers 500 for any error while checking a passkey registration, a malformed attestation from the
 * client included (node_modules/@better-auth/passkey, `verifyPasskeyRegistration`). The check runs only after the
 * session and the one-time challenge are confirmed, so what fails there is the client's answer; the cause is in
 * auth's log at error either way.
 */
async function refusedRegistration(response: Response): Promise<Response> {
  if (response.status !== 500) return response
  const body = (await response.clone().json().catch(() => null)) as { code?: unknown } | null
  if (body?.code !== 'FAILED_TO_VERIFY_REGISTRATION') return response
  const headers = new Headers(response.headers)
  headers.delete('content-length')
  return new Response(JSON.stringify(body), { status: 400, headers })
}

/**
 * Better Auth answers 401 both when there is no session and when the passkey is someone else's, and 404 when there is
 * no such passkey. With a session, a 401 can only mean someone else's: it becomes that same 404, so an id tells
 * nobody whether it exists.
 */
async function ownPasskeyOnly(auth: Auth, request: Request): Promise<Response> {
  // An id PostgreSQL cannot compare with a text column (NUL, half a surrogate pair) would fail Better Auth's lookup
  // with a 500: no passkey has such an id, so it is refused here.
  const { id } = ((await request.clone().json().catch(() => null)) ?? {}) as { id?: unknown }
  if (typeof id === 'string' && !isStorableText(id)) return Response.json({ code: 'INVALID_PASSKEY_ID', message: 'id is not a passkey id.' }, { status: 400 })
  const headers = new Headers(request.headers)
  const response = await auth.handler(request)
  if (response.status === 400) return withErrorCode(response, 'INVALID_PASSKEY_ID')
  if (response.status !== 401 || (await currentSession(auth, headers)) === null) return response
  const { code, message } = PASSKEY_ERROR_CODES.PASSKEY_NOT_FOUND
  return Response.json({ code, message }, { status: 404 })
}

/** Text PostgreSQL can hold: no NUL, no lone surrogate. */
function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !/\p{Cs}/u.test(value)
}

/** Whether the answer started a session other than `previousToken` (its Set-Cookie names a new session token). */
async function startedSession(response: Response, previousToken: string): Promise<boolean> {
  const body = (await response.clone().json().catch(() => null)) as { token?: unknown; session?: { token?: unknown } } | null
  const token = body?.token ?? body?.session?.token
  return typeof token === 'string' && token !== previousToken
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
  // A passkey sign-in answers with the whole session row.
  if (typeof body.session === 'object' && body.session !== null) delete (body.session as Record<string, unknown>).token
  const headers = new Headers(response.headers)
  headers.delete('content-length')
  return new Response(JSON.stringify(body), { status: response.status, headers })
}
