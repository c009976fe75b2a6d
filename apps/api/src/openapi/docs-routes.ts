import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { ApiEnv } from '../api-env.ts'
import { SESSION_COOKIE_NAMES } from '@tasklane/http/session-cookie'

// Swagger UI is served from the installed package, not a CDN: the reference page works offline.
const swaggerUiDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
const ASSETS = { 'swagger-ui.css': 'text/css', 'swagger-ui-bundle.js': 'text/javascript' } as const

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tasklane API reference</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`

const DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Tasklane tasks API',
    version: '1.0.0',
    description:
      'Every request is authenticated by the Better Auth session cookie, checked with the auth service on each call. Writes must come from a trusted Origin. Every error answers `{ error_code, message, detail, request_id }`.',
  },
}

/**
 * `/openapi.json`, generated from the routes the app declares with `createRoute` (made on the first request, when
 * every route is registered, and kept), and `/docs`, the reference page that reads it.
 */
export function registerDocs(app: OpenAPIHono<ApiEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE_NAMES[0] })
  let document: string | undefined
  app
    .get('/openapi.json', (c) => {
      document ??= JSON.stringify(app.getOpenAPI31Document(DOCUMENT))
      return c.body(document, 200, { 'content-type': 'application/json' })
    })
    .get('/docs', (c) => c.html(page))
    .get('/docs/init.js', (c) =>
      c.body("window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' })", 200, { 'content-type': 'text/javascript' }),
    )
    .get('/docs/:asset{swagger-ui\\.css|swagger-ui-bundle\\.js}', async (c) => {
      const asset = c.req.param('asset') as keyof typeof ASSETS
      const body = await readFile(path.join(swaggerUiDir, asset))
      return c.body(body, 200, { 'content-type': ASSETS[asset], 'cache-control': 'public, max-age=3600' })
    })
}
