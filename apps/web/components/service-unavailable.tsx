export function ServiceUnavailable() {
  return (
    <main className="card narrow" role="alert">
      <h1>Service unavailable</h1>
      <p>Tasklane cannot check your sign-in right now. Your tasks are safe; please try again in a moment.</p>
      <a className="button" href="/dashboard">
        Try again
      </a>
    </main>
  )
}
