'use client'
import { useState } from 'react'
import { authClient } from '@/lib/auth-client'

export type ResendOutcome = 'sent' | 'too-many' | 'unreachable'

/**
 * Asks auth to email the verification link again. Auth answers the same whether or not it sent one (an unknown,
 * verified or too often asked address gets no email), so "sent" means "asked".
 */
export async function resendVerification(email: string): Promise<ResendOutcome> {
  const { error } = await authClient.sendVerificationEmail({ email })
  if (!error) return 'sent'
  if (error.status === 429) return 'too-many'
  if (error.status === 0 || error.status >= 500) return 'unreachable'
  // Already verified, or signed in as someone else: nothing to send, and nothing worth saying about it.
  return 'sent'
}

export const RESEND_MESSAGES: Record<ResendOutcome, string> = {
  sent: 'Sent. Check your inbox (and spam folder) for the newest link.',
  'too-many': 'Too many requests. Wait a little and try again.',
  unreachable: 'Tasklane is not reachable right now. Try again in a moment.',
}

/** "Send the link again" for one address: what the last request came to, whether one is under way, and the action. */
export function useResendVerification(email: string) {
  const [outcome, setOutcome] = useState<ResendOutcome | null>(null)
  const [pending, setPending] = useState(false)
  async function resend() {
    setPending(true)
    setOutcome(await resendVerification(email))
    setPending(false)
  }
  return { message: outcome ? RESEND_MESSAGES[outcome] : '', pending, resend }
}
