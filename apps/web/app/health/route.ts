export const dynamic = 'force-dynamic'

/** Up while the process is: what `npm start`, the tests and a container's health check wait for. */
export function GET(): Response {
  return Response.json({ status: 'ok' })
}
