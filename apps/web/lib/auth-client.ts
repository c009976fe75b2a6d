'use client'
import { createAuthClient } from 'better-auth/react'

/** Better Auth's browser client, on this origin: the web server forwards /api/auth/* to the auth service. */
export const authClient = createAuthClient()
