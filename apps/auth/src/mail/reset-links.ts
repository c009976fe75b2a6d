import { verification } from '@tasklane/db/schema'
import { and, desc, eq, like } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'

const RESET_PREFIX = 'reset-password:'

/** Deletes one verification value wherever Better Auth keeps it (PostgreSQL, and Redis when configured). */
export type DeleteVerification = (identifier: string) => Promise<void>

/**
 * Better Auth keeps every reset link it sent valid until it expires or is used. Tasklane keeps only the newest: an
 * older link still sitting in an inbox stops working once a newer one is sent, and every link stops working once the
 * password changes. Needs the values in PostgreSQL (`verification.storeInDatabase`) to find them by user.
 */
export function createResetLinks(db: NodePgDatabase, deleteVerification: DeleteVerification) {
  const resetRowsOf = (userId: string) =>
    db
      .select({ identifier: verification.identifier })
      .from(verification)
      .where(and(eq(verification.value, userId), like(verification.identifier, `${RESET_PREFIX}%`)))
      .orderBy(desc(verification.createdAt), desc(verification.id))

  return {
    /**
     * Keeps only the user's newest reset link; true when that is `token`'s, so it is still worth sending. Two requests
     * racing each keep the same newest one, whichever runs first.
     */
    async keepOnlyNewest(userId: string, token: string): Promise<boolean> {
      const [newest, ...older] = await resetRowsOf(userId)
      for (const row of older) await deleteVerification(row.identifier)
      return newest?.identifier === `${RESET_PREFIX}${token}`
    },
    /** Ends every reset link the user has: the password they were for has changed. */
    async revokeAll(userId: string): Promise<void> {
      for (const row of await resetRowsOf(userId)) await deleteVerification(row.identifier)
    },
  }
}

export type ResetLinks = ReturnType<typeof createResetLinks>
