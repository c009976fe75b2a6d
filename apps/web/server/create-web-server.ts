import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import type { Logger } from 'pino'
import { backendProxy } from './backend-proxy.ts'
import { responseStatusStorage, type ResponseStatusStore } from './response-status.ts'

export type NextRequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>

export interface WebServerOptions {
  authUrl: string
  apiUrl: string
  logger: Logger
  /** Next's own handler (`next().getRequestHandler()`): pages, assets. */
  renderPage: NextRequestHandler
}

const PROXIED = /^\/api\/(auth\/|[^/]+\/tasks(\/|\?|$))/

/** One origin for the browser: backend routes are forwarded, everything else is the Next app. */
export function createWebServer({ authUrl, apiUrl, logger, renderPage }: WebServerOptions): Server {
  const forward = getRequestListener(backendProxy({ authUrl, apiUrl, logger }).fetch)
  const statuses = responseStatusStorage()

  return createServer((req, res) => {
    const url = req.url ?? '/'
    if (url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}')
      return
    }
    if (PROXIED.test(url)) {
      void forward(req, res)
      return
    }
    const store: ResponseStatusStore = {}
    applyRequestedStatus(res, store)
    statuses.run(store, () => {
      renderPage(req, res).catch((error: unknown) => {
        logger.error({ err: error }, 'page rendering failed')
        if (!res.headersSent) res.writeHead(500).end()
      })
    })
  })
}

/** When a page asked for a status (the 503 page), it replaces the 200 that Next would send. */
function applyRequestedStatus(res: ServerResponse, store: ResponseStatusStore) {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse
  res.writeHead = ((statusCode: number, ...rest: unknown[]) => {
    if (store.status && statusCode === 200) {
      for (const [name, value] of Object.entries(store.headers ?? {})) res.setHeader(name, value)
      return writeHead(store.status, ...rest)
    }
    return writeHead(statusCode, ...rest)
  }) as ServerResponse['writeHead']
}
