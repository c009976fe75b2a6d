import type { BetterAuthPlugin } from 'better-auth'
import { APIError, createAuthMiddleware } from 'better-auth/api'
import * as z from 'zod'

export const MAX_DISPLAY_NAME_LENGTH = 100

const updateUserBody = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(MAX_DISPLAY_NAME_LENGTH, `must be at most ${MAX_DISPLAY_NAME_LENGTH} characters`),
})

/**
 * Better Auth's `update-user` takes any JSON object: a name of any type and length, an `image` URL, and whatever
 * additional fields exist. The product changes only the display name, so that is all it accepts: `{ "name" }`, a
 * string of 1 to 100 characters once trimmed (and stored trimmed). Anything else is refused before the endpoint runs,
 * so a refused update writes nothing.
 */
export function displayName(): BetterAuthPlugin {
  return {
    id: 'display-name',
    hooks: {
      before: [
        {
          matcher: (context) => context.path === '/update-user',
          handler: createAuthMiddleware(async (ctx) => {
            const parsed = updateUserBody.safeParse(ctx.body)
            if (!parsed.success) {
              const problem = parsed.error.issues[0]
              const field = problem?.path.join('.') || 'body'
              throw APIError.from('BAD_REQUEST', { code: 'INVALID_NAME', message: `${field}: ${problem?.message ?? 'is not valid'}` })
            }
            return { context: { body: { name: parsed.data.name } } }
          }),
        },
      ],
    },
  }
}
