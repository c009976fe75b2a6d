import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { Hono } from 'hono'
import { openApiDocument } from './openapi-document.ts'

// Swagger UI is served from the installed package, not a CDN: the reference page works offline.
const swaggerUiDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
const ASSETS = { 'swagger-ui.css': 'text/css', 'swagger-ui-bundle.js': 'text/javascript' } as const

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tasklane API reference</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`

export function docsRoutes() {
  const document = JSON.stringify(openApiDocument())
  return new Hono()
    .get('/openapi.json', (c) => c.body(document, 200, { 'content-type': 'application/json' }))
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
