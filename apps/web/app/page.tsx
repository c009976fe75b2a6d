import { redirect } from 'next/navigation'
import { getSession } from '@/lib/backend.server'

export const dynamic = 'force-dynamic'

/** `/` sends each visitor straight to where they belong: one redirect, never a chain. */
export default async function HomePage() {
  const session = await getSession()
  redirect(session.state === 'signed-out' ? '/sign-in' : '/dashboard')
}
