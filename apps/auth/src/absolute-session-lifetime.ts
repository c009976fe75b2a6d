import type { BetterAuthPlugin } from 'better-auth'
import { createAuthMiddleware, getSessionFromCtx } from 'better-auth/api'
import { deleteSessionCookie } from 'better-auth/cookies'

interface ReturnedSession {
  session?: { token?: unknown; createdAt?: unknown }
}

type AuthContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0]

/**
 * Sliding refresh keeps an active session alive forever; this caps it. A session older than `seconds` since it
 * was created (not since it was last refreshed) is deleted and answered as no session, with clearing cookies,
 * whichever endpoint reads it:
 * - get-session (the generic handler and the in-process call the api makes) is checked on its answer, so the
 *   hottest path pays for no extra lookup;
 * - every other endpoint (update-user, change-password, revoke-sessions, …) is checked before it runs: the session
 *   its own middleware would read is looked up once here and, when too old, deleted, so that middleware finds none
 *   and answers 401 as for any ended session.
 */
export function absoluteSessionLifetime(seconds: number): BetterAuthPlugin {
  const isPastLifetime = (createdAt: unknown) => {
    const created = new Date(createdAt as string | Date).getTime()
    return !Number.isNaN(created) && Date.now() - created >= seconds * 1000
  }
  const endSession = async (ctx: AuthContext, token: string) => {
    await ctx.context.internalAdapter.deleteSession(token)
    ctx.context.session = null
    deleteSessionCookie(ctx)
  }
  return {
    id: 'absolute-session-lifetime',
    hooks: {
      before: [
        {
          matcher: (context) => context.path !== '/get-session' && hasCookie(context.headers),
          handler: createAuthMiddleware(async (ctx) => {
            const current = await getSessionFromCtx(ctx, { disableRefresh: true })
            if (current && isPastLifetime(current.session.createdAt)) await endSession(ctx, current.session.token)
          }),
        },
      ],
      after: [
        {
          matcher: (context) => context.path === '/get-session',
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned as ReturnedSession | null | undefined
            const session = returned?.session
            if (!session || typeof session.token !== 'string' || !isPastLifetime(session.createdAt)) return
            await endSession(ctx, session.token)
            return null
          }),
        },
      ],
    },
  }
}

function hasCookie(headers: Headers | undefined): boolean {
  return Boolean(headers?.get('cookie'))
}
