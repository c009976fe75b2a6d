/**
 * Runs once when the server starts (`next start`, `next dev`, the standalone `server.js`), before it answers a request:
 * https://nextjs.org/docs/app/guides/instrumentation. Node-only work is imported inside the runtime check.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { startWebServer } = await import('./lib/start-web-server.server')
  startWebServer()
}
