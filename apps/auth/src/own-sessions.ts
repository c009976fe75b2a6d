import type { BetterAuthPlugin } from 'better-auth'
import { APIError, createAuthEndpoint, sensitiveSessionMiddleware } from 'better-auth/api'
import { deleteSessionCookie } from 'better-auth/cookies'
import * as z from 'zod'

/** A session as the settings page shows it: what it is and when it was used, never its token. */
export interface OwnSession {
  id: string
  createdAt: string
  updatedAt: string
  expiresAt: string
  ipAddress: string | null
  userAgent: string | null
  current: boolean
}

const MAX_SESSION_ID_LENGTH = 255

/**
 * The signed-in user's own sessions, listed and revoked by id. Better Auth's `list-sessions` answers with every
 * session's raw token (the credential itself) and `revoke-session` takes that token, so a browser would have to hold
 * other devices' tokens to sign them out; `list-sessions` also refuses every session older than `freshAge`, which
 * Tasklane keeps short for account deletion. These two take neither: the list carries ids and no token, and a revoke
 * names an id that is looked up among the caller's own sessions only, so another user's id (or a made-up one) finds
 * nothing and ends nothing. Revoking an id that is not there answers as Better Auth's `revoke-session` does (200):
 * two tabs revoking the same session both succeed.
 */
export function ownSessions(): BetterAuthPlugin {
  return {
    id: 'own-sessions',
    endpoints: {
      listOwnSessions: createAuthEndpoint(
        '/list-own-sessions',
        { method: 'GET', use: [sensitiveSessionMiddleware], requireHeaders: true },
        async (ctx) => {
          const current = ctx.context.session
          const now = Date.now()
          const sessions = await ctx.context.internalAdapter.listSessions(current.user.id, { onlyActiveSessions: true })
          const own: OwnSession[] = sessions
            .filter((session) => new Date(session.expiresAt).getTime() > now)
            .sort((a, b) => new Date(b.updatedAt).getTime() - new Date(a.updatedAt).getTime())
            .map((session) => ({
              id: session.id,
              createdAt: new Date(session.createdAt).toISOString(),
              updatedAt: new Date(session.updatedAt).toISOString(),
              expiresAt: new Date(session.expiresAt).toISOString(),
              ipAddress: session.ipAddress ?? null,
              userAgent: session.userAgent ?? null,
              current: session.id === current.session.id,
            }))
          return ctx.json({ sessions: own })
        },
      ),
      revokeOwnSession: createAuthEndpoint(
        '/revoke-own-session',
        {
          method: 'POST',
          body: z.object({ id: z.string().min(1).max(MAX_SESSION_ID_LENGTH) }),
          use: [sensitiveSessionMiddleware],
          requireHeaders: true,
        },
        async (ctx) => {
          const current = ctx.context.session
          const sessions = await ctx.context.internalAdapter.listSessions(current.user.id)
          const target = sessions.find((session) => session.id === ctx.body.id && session.userId === current.user.id)
          if (target) {
            try {
              await ctx.context.internalAdapter.deleteSession(target.token)
            } catch {
              throw APIError.from('INTERNAL_SERVER_ERROR', { message: 'The session could not be revoked.', code: 'REVOKE_FAILED' })
            }
            if (target.id === current.session.id) deleteSessionCookie(ctx)
          }
          return ctx.json({ status: true })
        },
      ),
    },
  }
}
