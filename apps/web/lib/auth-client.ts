'use client'
import { passkeyClient } from '@better-auth/passkey/client'
import { createAuthClient } from 'better-auth/react'
import { twoFactorClient } from 'better-auth/client/plugins'

/**
 * Better Auth's browser client, on this origin: app/api/auth/[...path]/route.ts forwards /api/auth/* to the auth service.
 * The sign-in form reads the two-factor answer itself (`twoFactorRedirect`) and goes to /sign-in/two-factor.
 */
export const authClient = createAuthClient({ plugins: [passkeyClient(), twoFactorClient()] })
