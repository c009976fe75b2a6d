'use client'
import { createAuthClient } from 'better-auth/react'

/** Better Auth's browser client, on this origin: app/api/auth/[...path]/route.ts forwards /api/auth/* to the auth service. */
export const authClient = createAuthClient()
