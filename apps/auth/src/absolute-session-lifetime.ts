import type { BetterAuthPlugin } from 'better-auth'
import { createAuthMiddleware } from 'better-auth/api'
import { deleteSessionCookie } from 'better-auth/cookies'

interface ReturnedSession {
  session?: { token?: unknown; createdAt?: unknown }
}

/**
 * Sliding refresh keeps an active session alive forever; this caps it. A session older than `seconds` since it
 * was created (not since it was last refreshed) is deleted and answered as no session, with clearing cookies,
 * whichever path asked: the generic handler or the in-process get-session the api uses.
 */
export function absoluteSessionLifetime(seconds: number): BetterAuthPlugin {
  return {
    id: 'absolute-session-lifetime',
    hooks: {
      after: [
        {
          matcher: (context) => context.path === '/get-session',
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned as ReturnedSession | null | undefined
            const session = returned?.session
            if (!session || typeof session.token !== 'string') return
            const createdAt = new Date(session.createdAt as string | Date).getTime()
            if (Number.isNaN(createdAt) || Date.now() - createdAt < seconds * 1000) return
            await ctx.context.internalAdapter.deleteSession(session.token)
            deleteSessionCookie(ctx)
            return null
          }),
        },
      ],
    },
  }
}
