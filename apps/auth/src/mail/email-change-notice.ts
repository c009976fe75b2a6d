import type { Auth } from '../better-auth.ts'
import type { AccountMail } from './account-mail.ts'

interface ChangeClaims {
  email: string
  updateTo: string
  userId: string
}

/**
 * Following a change-of-address link (`GET /api/auth/verify-email` with a `change-email-verification` token) moves the
 * account to the new address; Better Auth tells nobody. Around that request, this tells the old address, once the
 * account's address really went from the old one to the new (a replayed or forged link changes nothing, so sends nothing).
 */
export async function withEmailChangeNotice(auth: Auth, accountMail: AccountMail, request: Request, handle: () => Promise<Response>): Promise<Response> {
  const claims = changeClaims(new URL(request.url).searchParams.get('token'))
  if (!claims) return handle()
  const { internalAdapter } = await auth.$context
  const before = await internalAdapter.findUserById(claims.userId)
  const response = await handle()
  if (!before || before.email !== claims.email.toLowerCase()) return response
  const after = await internalAdapter.findUserById(claims.userId)
  if (after && after.email === claims.updateTo.toLowerCase()) accountMail.emailChanged(after, before.email, after.email)
  return response
}

/** The claims of a change-of-address token, unverified: only a change the database shows afterwards counts. */
function changeClaims(token: string | null): ChangeClaims | undefined {
  if (!token) return undefined
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>
    const { requestType, email, updateTo, userId } = payload
    if (requestType !== 'change-email-verification') return undefined
    if (typeof email !== 'string' || typeof updateTo !== 'string' || typeof userId !== 'string') return undefined
    return { email, updateTo, userId }
  } catch {
    return undefined
  }
}
