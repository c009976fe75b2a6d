import { type Http2Bindings, type HttpBindings, serve, type ServerType } from '@hono/node-server'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Hono } from 'hono'
import type { Logger } from 'pino'

export interface ServeOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Hono app, whatever its bindings
  app: Hono<any, any, any>
  host: string
  port: number
  logger: Logger
}

export interface RunningServer {
  server: ServerType
  /** The port actually bound (differs from the requested one when that was 0). */
  port: number
  url: string
  /** Stops accepting, lets in-flight requests finish, then closes idle keep-alive sockets. */
  close(): Promise<void>
}

export async function listen({ app, host, port, logger }: ServeOptions): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: closeWhenBodyUnread(app.fetch), hostname: host, port }, (info) => {
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`
      resolve({ server, port: info.port, url, close: gracefulClose(server as Server) })
    })
    server.once('error', (error) => {
      logger.fatal({ err: error }, `cannot listen on ${host}:${port}`)
      reject(error)
    })
  })
}

type Bindings = HttpBindings | Http2Bindings
type Fetch = (request: Request, env: Bindings) => Response | Promise<Response>

/**
 * Answers `Connection: close` when the app leaves part of a request body unread: a refusal sent before the body
 * was read (413, a CSRF 403, a 401), while the client may still be sending it. @hono/node-server drains such a
 * body for up to 500 ms, but not one already opened as a web stream (Hono's `bodyLimit` opens it): that stream
 * stays paused, and at 500 ms the socket is destroyed under an answer that promised `keep-alive`, so the client's
 * next request on it fails (undici: UND_ERR_SOCKET). `close` tells the client not to reuse the connection (RFC
 * 9112 §9.6), and Node ends it once the answer is out. A body the app read to its end changes nothing.
 */
function closeWhenBodyUnread(fetch: Fetch): Fetch {
  const finish = (response: Response, incoming: Bindings['incoming']) => {
    if (!hasBody(incoming) || incoming.readableEnded) return response
    try {
      response.headers.set('connection', 'close')
      return response
    } catch {
      // Headers of a `fetch` answer or a redirect are immutable: copy them.
      const closing = new Response(response.body, response)
      closing.headers.set('connection', 'close')
      return closing
    }
  }
  return (request, env) => {
    const response = fetch(request, env)
    // Synchronous answers stay synchronous: @hono/node-server writes those on a faster path.
    return response instanceof Promise ? response.then((done) => finish(done, env.incoming)) : finish(response, env.incoming)
  }
}

function hasBody(incoming: Bindings['incoming']): boolean {
  return incoming.headers['transfer-encoding'] !== undefined || Number(incoming.headers['content-length'] ?? 0) > 0
}

/**
 * Returns a close() that stops accepting, lets in-flight requests finish, and ends keep-alive sockets. Keep-alive
 * clients would otherwise go on sending requests over their open sockets forever: once closing, every response
 * says `Connection: close`, and sockets idle between two requests are shut.
 */
export function gracefulClose(server: Server): () => Promise<void> {
  let closing = false
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    if (closing) response.setHeader('connection', 'close')
  })
  return () =>
    new Promise<void>((done) => {
      closing = true
      const sweep = setInterval(() => server.closeIdleConnections(), 50)
      server.close(() => {
        clearInterval(sweep)
        done()
      })
      server.closeIdleConnections()
    })
}

/**
 * SIGTERM/SIGINT: stop taking requests, finish the ones in flight, release resources, exit 0; a stuck
 * shutdown is cut off after `graceMs` with exit 1.
 */
export function exitOnSignal(logger: Logger, shutdown: () => Promise<void>, graceMs = 8_000): void {
  let stopping = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    const timer = setTimeout(() => {
      logger.error('shutdown took too long; exiting')
      process.exit(1)
    }, graceMs)
    timer.unref()
    shutdown().then(
      () => {
        logger.info('stopped')
        process.exit(0)
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
}
