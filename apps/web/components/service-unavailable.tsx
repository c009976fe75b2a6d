/** Seconds between the page's own retries while auth or the api cannot answer. */
export const RETRY_SECONDS = 5

/**
 * Shown with status 200: the App Router lets a page choose only 404 and redirects. The page reloads itself (a meta
 * refresh, so it works without JavaScript) until the dashboard can be shown again.
 */
export function ServiceUnavailable() {
  return (
    <main className="card narrow" role="alert">
      <meta httpEquiv="refresh" content={String(RETRY_SECONDS)} />
      <h1>Service unavailable</h1>
      <p>Tasklane cannot check your sign-in right now. Your tasks are safe; this page tries again every {RETRY_SECONDS} seconds.</p>
      <a className="button" href="/dashboard">
        Try again
      </a>
    </main>
  )
}
