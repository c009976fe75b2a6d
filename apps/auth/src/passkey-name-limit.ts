import type { BetterAuthPlugin } from 'better-auth'
import { APIError, createAuthMiddleware } from 'better-auth/api'

/** Names a passkey can be given: what a settings list shows on one line, and what the web form allows. */
export const MAX_PASSKEY_NAME_LENGTH = 100

const NAMED_PATHS = new Set(['/passkey/verify-registration', '/passkey/update-passkey'])

/**
 * The passkey plugin takes any string as a name (only non-blank when renaming); the request body limit alone would let
 * a 16 KiB name into the table and into every list answer. Longer names are refused before the endpoint runs.
 */
export function passkeyNameLimit(): BetterAuthPlugin {
  return {
    id: 'passkey-name-limit',
    hooks: {
      before: [
        {
          matcher: (context) => NAMED_PATHS.has(context.path ?? ''),
          handler: createAuthMiddleware(async (ctx) => {
            const name = (ctx.body as { name?: unknown } | undefined)?.name
            if (typeof name === 'string' && name.trim().length > MAX_PASSKEY_NAME_LENGTH) {
              throw new APIError('BAD_REQUEST', { code: 'PASSKEY_NAME_TOO_LONG', message: `A passkey name is at most ${MAX_PASSKEY_NAME_LENGTH} characters.` })
            }
          }),
        },
      ],
    },
  }
}
