'use client'
import { isServer, MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { pageExit } from '@/lib/page-exit'
import { TaskRequestError } from '@/lib/tasks-client'

/**
 * A 401 from any query or change means the session has ended: sign in again, then come back here, filter and all —
 * unless the page is already leaving, or signing out (page-exit.ts).
 */
function signInAgainOn401(error: unknown) {
  if (error instanceof TaskRequestError && error.status === 401) {
    pageExit.leaveForExpiredSession(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`)
  }
}

function makeQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: signInAgainOn401 }),
    mutationCache: new MutationCache({ onError: signInAgainOn401 }),
    defaultOptions: {
      queries: {
        // Data this young is not fetched again when a filter is shown again or the window regains focus; older
        // data is. It also keeps the first page the server rendered from being fetched again as the page starts.
        staleTime: 5_000,
        // Once more for a failure on the way (network, 5xx); a refusal (4xx) would only be refused again.
        retry: (failures, error) => failures < 1 && !(error instanceof TaskRequestError && error.status >= 400 && error.status < 500),
      },
    },
  })
}

// One QueryClient per browser session, so the cache outlives a remount; on the server, one per request, so no
// user's data is shared (TanStack Query's "Advanced Server Rendering" guide).
let browserQueryClient: QueryClient | undefined

function getQueryClient() {
  if (isServer) return makeQueryClient()
  browserQueryClient ??= makeQueryClient()
  return browserQueryClient
}

export function QueryProvider({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={getQueryClient()}>{children}</QueryClientProvider>
}
