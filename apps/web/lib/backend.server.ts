import { headers } from 'next/headers'
import { cache } from 'react'
import type { TaskCounts, TaskLists, TaskPage } from '@tasklane/api/contract'
import type { TaskListShape } from './task-pages'
import { countsQueryOf, listQueryOf } from './tasks-client'
import { webConfig } from './web-config.server'

const TIMEOUT_MS = 2_500

export interface SessionUser {
  id: string
  email: string
  name: string
  /** False until the owner follows the link emailed to the address (the dashboard shows a banner until then). */
  emailVerified: boolean
  /** Whether sign-in asks for a second factor (Better Auth's two-factor plugin keeps it on the user). */
  twoFactorEnabled: boolean
}

export type SessionState = { state: 'signed-in'; user: SessionUser } | { state: 'signed-out' } | { state: 'unavailable' }

/**
 * Who is this, asked of auth with the browser's cookies. A page cannot pass a Set-Cookie back to the
 * browser, so the sliding refresh is left to the browser's own next request (`disableRefresh`). Asked once per
 * server render (React's `cache`): a layout and its page share the answer.
 */
export const getSession = cache(async function getSession(): Promise<SessionState> {
  const incoming = await headers()
  const cookie = incoming.get('cookie')
  if (!cookie) return { state: 'signed-out' }
  try {
    const response = await fetch(`${webConfig().authUrl}/api/auth/get-session?disableRefresh=true`, {
      headers: { cookie, accept: 'application/json', ...requestIdHeader(incoming) },
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    if (response.status !== 200) return { state: 'unavailable' }
    const body = (await response.json()) as { user?: Partial<SessionUser> } | null
    if (body === null) return { state: 'signed-out' }
    const user = body.user
    if (!user?.id) return { state: 'unavailable' }
    return {
      state: 'signed-in',
      user: { id: user.id, email: user.email ?? '', name: user.name ?? '', emailVerified: user.emailVerified === true, twoFactorEnabled: user.twoFactorEnabled === true },
    }
  } catch {
    return { state: 'unavailable' }
  }
})

export type InitialTasks = { state: 'ok'; page: TaskPage | null; counts: TaskCounts; lists: TaskLists } | { state: 'signed-out' } | { state: 'unavailable' }

/**
 * The dashboard's first page of the list its URL names and the counts, rendered on the server. `today` is the user's
 * day as their browser last said it (a cookie); null: not known, and the counts come without the date views. No
 * `shape` (a date view on an unknown day): no page, the browser fetches it. The counts are of the search `q` ('' none)
 * in list `list` (null: every task). The user's lists come along, so the lists navigation is there from the first paint.
 */
export async function loadInitialTasks(userId: string, shape: TaskListShape | null, today: string | null, q: string, list: string | null): Promise<InitialTasks> {
  const incoming = await headers()
  const init = {
    headers: {
      cookie: incoming.get('cookie') ?? '',
      accept: 'application/json',
      // The api then asks auth not to refresh here either (see apps/api require-session.ts).
      'x-session-refresh': 'defer',
      ...requestIdHeader(incoming),
    },
    cache: 'no-store' as const,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  }
  const base = `${webConfig().apiUrl}/api/${encodeURIComponent(userId)}/tasks`
  try {
    // The page the browser's own first request for this list would get (tasks-client.ts `list`), so the cache holds the same.
    const countsSearch = new URLSearchParams(countsQueryOf(today, q, list)).toString()
    const countsQuery = countsSearch === '' ? '' : `?${countsSearch}`
    const [pageResponse, countsResponse, listsResponse] = await Promise.all([
      shape ? fetch(`${base}?${new URLSearchParams(listQueryOf(shape, null))}`, init) : null,
      fetch(`${base}/counts${countsQuery}`, init),
      fetch(`${webConfig().apiUrl}/api/${encodeURIComponent(userId)}/lists`, init),
    ])
    if (pageResponse?.status === 401 || countsResponse.status === 401 || listsResponse.status === 401) return { state: 'signed-out' }
    if ((pageResponse && !pageResponse.ok) || !countsResponse.ok || !listsResponse.ok) return { state: 'unavailable' }
    const page = pageResponse ? ((await pageResponse.json()) as TaskPage) : null
    return { state: 'ok', page, counts: (await countsResponse.json()) as TaskCounts, lists: (await listsResponse.json()) as TaskLists }
  } catch {
    return { state: 'unavailable' }
  }
}

/** One of the user's sessions as auth lists it (apps/auth/src/own-sessions.ts): no token. */
export interface OwnSession {
  id: string
  createdAt: string
  updatedAt: string
  ipAddress: string | null
  userAgent: string | null
  current: boolean
}

export type OwnSessions = { state: 'ok'; sessions: OwnSession[] } | { state: 'signed-out' } | { state: 'unavailable' }

/** The signed-in user's sessions, for the settings page's first render. */
export async function loadOwnSessions(): Promise<OwnSessions> {
  const incoming = await headers()
  const cookie = incoming.get('cookie')
  if (!cookie) return { state: 'signed-out' }
  try {
    const response = await fetch(`${webConfig().authUrl}/api/auth/list-own-sessions`, {
      headers: { cookie, accept: 'application/json', ...requestIdHeader(incoming) },
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    if (response.status === 401) return { state: 'signed-out' }
    if (!response.ok) return { state: 'unavailable' }
    const body = (await response.json()) as { sessions?: OwnSession[] }
    return Array.isArray(body.sessions) ? { state: 'ok', sessions: body.sessions } : { state: 'unavailable' }
  } catch {
    return { state: 'unavailable' }
  }
}

function requestIdHeader(incoming: Headers): Record<string, string> {
  const id = incoming.get('x-request-id')
  return id ? { 'x-request-id': id } : {}
}
