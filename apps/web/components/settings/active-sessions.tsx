'use client'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { authClient } from '@/lib/auth-client'
import { describeAuthFailure } from './auth-error'
import { ConfirmAction } from './confirm-action'

/** A session as the page shows it, named and dated on the server (apps/web/app/settings/page.tsx). */
export interface ShownSession {
  id: string
  device: string
  signedIn: string
  signedInAt: string
  lastUsed: string
  lastUsedAt: string
  ipAddress: string | null
  current: boolean
}

/**
 * Every session of the user, this one first and marked "This device"; each other one can be signed out, by id (auth
 * looks the id up among this user's sessions only: apps/auth/src/own-sessions.ts), or all of them at once.
 */
export function ActiveSessions({ sessions: initial }: { sessions: ShownSession[] }) {
  const router = useRouter()
  const [removed, setRemoved] = useState<ReadonlySet<string>>(new Set())
  const sessions = [...initial].filter((session) => !removed.has(session.id)).sort((a, b) => Number(b.current) - Number(a.current))
  const others = sessions.filter((session) => !session.current)

  async function revoke(id: string): Promise<string | null> {
    const { error } = await authClient.$fetch('/revoke-own-session', { method: 'POST', body: { id } })
    if (error) return describeAuthFailure(error)
    setRemoved((before) => new Set(before).add(id))
    router.refresh()
    return null
  }

  async function revokeOthers(): Promise<string | null> {
    const { error } = await authClient.revokeOtherSessions()
    if (error) return describeAuthFailure(error)
    setRemoved((before) => new Set([...before, ...others.map((session) => session.id)]))
    router.refresh()
    return null
  }

  return (
    <>
      <ul className="session-list" aria-label="Sessions">
        {sessions.map((session) => (
          <li key={session.id} className="session-item" data-current={session.current || undefined}>
            <div className="session-text">
              <span className="session-device">
                {session.device}
                {session.current && <span className="badge badge-ok">This device</span>}
              </span>
              <span className="session-meta">
                Last active <time dateTime={session.lastUsedAt} title={session.lastUsedAt}>{session.lastUsed}</time>
                {' · '}signed in <time dateTime={session.signedInAt} title={session.signedInAt}>{session.signedIn}</time>
                {session.ipAddress && <> · {session.ipAddress}</>}
              </span>
            </div>
            {!session.current && (
              <ConfirmAction
                label="Sign out"
                accessibleLabel={`Sign out ${session.device}, last active ${session.lastUsed}`}
                question="Sign this device out?"
                confirmLabel="Yes, sign out"
                onConfirm={() => revoke(session.id)}
              />
            )}
          </li>
        ))}
      </ul>
      {others.length > 0 ? (
        <div className="sessions-actions">
          <ConfirmAction label="Sign out everywhere else" question={`Sign out ${others.length === 1 ? 'the other device' : `all ${others.length} other devices`}?`} confirmLabel="Yes, sign them out" onConfirm={revokeOthers} />
        </div>
      ) : (
        <p className="hint">You are signed in on this device only.</p>
      )}
    </>
  )
}
