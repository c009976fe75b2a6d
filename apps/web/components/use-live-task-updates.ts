'use client'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { listKeys, taskKeys } from '@/lib/task-queries'

/** Events that arrive together (a burst of changes from another tab) become one refetch. */
const SETTLE_MS = 100
/** After the stream was refused (401, 403, 429, 503…), the browser does not retry by itself: this does, backing off. */
const RETRY_MIN_MS = 2_000
const RETRY_MAX_MS = 30_000

/**
 * Keeps this tab's task lists and counts, and the user's lists, current with changes made anywhere else (another tab,
 * another device): the api's Server-Sent Events stream, `/api/{userId}/tasks/events`, says that something changed, and
 * the task and list queries are fetched again (any task change may change a list's counts). The events carry no task content, so what is shown always comes from the list routes.
 *
 * Each time the stream (re)opens (`ready`), everything is fetched once, so whatever changed while it was down is caught
 * up. Nothing is fetched while a change of this tab's own is on its way: its answer is followed by a refetch anyway
 * (use-task-changes.ts), and one made before it is stored would show the state from before it, as on window focus.
 * A fetch already on its way is not cancelled: the refetch waits for it.
 */
export function useLiveTaskUpdates(userId: string): void {
  const queryClient = useQueryClient()

  useEffect(() => {
    const userTasks = taskKeys.all(userId)
    const userLists = listKeys.all(userId)
    let source: EventSource | undefined
    let settleTimer: ReturnType<typeof setTimeout> | undefined
    let retryTimer: ReturnType<typeof setTimeout> | undefined
    let retryMs = RETRY_MIN_MS
    let stopped = false

    const refetch = () => {
      clearTimeout(settleTimer)
      settleTimer = setTimeout(function settle() {
        // A change of this tab's own on its way is followed by a refetch anyway.
        if (queryClient.isMutating({ mutationKey: userTasks }) + queryClient.isMutating({ mutationKey: userLists }) > 0) return
        // A fetch on its way ("Load more") is let finish: invalidating now would cancel it and drop the page it brings.
        if (queryClient.isFetching({ queryKey: userTasks }) + queryClient.isFetching({ queryKey: userLists }) > 0) {
          settleTimer = setTimeout(settle, SETTLE_MS)
          return
        }
        void queryClient.invalidateQueries({ queryKey: userTasks }, { cancelRefetch: false })
        void queryClient.invalidateQueries({ queryKey: userLists }, { cancelRefetch: false })
      }, SETTLE_MS)
    }

    const open = () => {
      source = new EventSource(`/api/${encodeURIComponent(userId)}/tasks/events`)
      source.addEventListener('ready', () => {
        retryMs = RETRY_MIN_MS
        refetch()
      })
      source.addEventListener('change', refetch)
      source.addEventListener('resync', refetch)
      source.addEventListener('error', () => {
        // CONNECTING: the browser reconnects by itself (after the stream's `retry`). CLOSED: it has given up.
        if (stopped || source?.readyState !== EventSource.CLOSED) return
        source.close()
        clearTimeout(retryTimer)
        retryTimer = setTimeout(open, retryMs * (0.75 + Math.random() / 2))
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS)
        // A refusal may mean the session ended: a query then gets the 401 and signs in again (query-provider.tsx).
        refetch()
      })
    }

    open()
    return () => {
      stopped = true
      clearTimeout(settleTimer)
      clearTimeout(retryTimer)
      source?.close()
    }
  }, [queryClient, userId])
}
