/**
 * Leaving the page, once. Two things send the browser elsewhere: signing out (to /sign-in) and any request that finds
 * the session ended (to /sign-in?next=…). After a sign-out both happen — the live stream or a refetch meets the 401 a
 * moment later — and a second `location.assign` aborts the first navigation half-way (`net::ERR_ABORTED`). So the first
 * reason wins, and a 401 while a sign-out is under way is the sign-out's own doing, not a reason of its own.
 */
export interface PageExit {
  /** Navigates to `url` unless the page is already leaving. */
  leaveFor(url: string): void
  /** Navigates to `url` only when nothing else is taking the page away: not leaving, not signing out. */
  leaveForExpiredSession(url: string): void
  /** A sign-out is under way; call the returned function if it failed, so a later 401 navigates again. */
  beginSignOut(): () => void
}

export function createPageExit(assign: (url: string) => void): PageExit {
  let state: 'staying' | 'signing-out' | 'leaving' = 'staying'
  const leaveFor = (url: string) => {
    if (state === 'leaving') return
    state = 'leaving'
    assign(url)
  }
  return {
    leaveFor,
    leaveForExpiredSession: (url) => {
      if (state === 'staying') leaveFor(url)
    },
    beginSignOut() {
      if (state === 'staying') state = 'signing-out'
      return () => {
        if (state === 'signing-out') state = 'staying'
      }
    },
  }
}

/** The page's own: one per document, so every component and the query client share it. */
export const pageExit = createPageExit((url) => window.location.assign(url))
