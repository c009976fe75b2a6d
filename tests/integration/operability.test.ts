import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { repositoryRoot } from '@tasklane/config/data-dir'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningService, TEST_SECRET, freePort, startApi, startAuth } from '../support/test-stack.ts'

let auth: RunningService
let api: RunningService
beforeAll(async () => {
  auth = await startAuth()
  api = await startApi(auth.url)
})
afterAll(async () => {
  await api?.close()
  await auth?.close()
})

/** Runs a service's real main with only the given environment and returns how it ended. */
function runMain(service: 'auth' | 'api', env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(repositoryRoot, `apps/${service}/src/main.ts`)], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

describe('health, readiness and the API reference', () => {
  it('answers /health and /ready on both services', async () => {
    for (const service of [auth, api]) {
      expect(await (await fetch(`${service.url}/health`)).json()).toEqual({ status: 'ok' })
      const ready = await fetch(`${service.url}/ready`)
      expect(ready.status).toBe(200)
      expect(await ready.json()).toMatchObject({ status: 'ready', database: 'ok' })
    }
    expect(await (await fetch(`${api.url}/ready`)).json()).toMatchObject({ auth: 'ok' })
  })

  it('reports the api not ready, with 503, when auth is unreachable', async () => {
    const orphan = await startApi(`http://127.0.0.1:${await freePort()}`)
    try {
      const ready = await fetch(`${orphan.url}/ready`)
      expect(ready.status).toBe(503)
      expect(await ready.json()).toMatchObject({ error_code: 'NOT_READY', detail: { database: 'ok', auth: 'unreachable' } })
    } finally {
      await orphan.close()
    }
  })

  it('serves an OpenAPI document that names every route, and a reference page that works offline', async () => {
    const document = (await (await fetch(`${api.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> }
    expect(document.openapi).toMatch(/^3\./)
    expect(Object.keys(document.paths['/api/{userId}/tasks'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']))
    expect(Object.keys(document.paths['/api/{userId}/tasks/{id}'] ?? {})).toEqual(expect.arrayContaining(['get', 'put', 'delete']))
    expect(Object.keys(document.paths['/api/{userId}/tasks/{id}/complete'] ?? {})).toContain('patch')
    const page = await fetch(`${api.url}/docs`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('/docs/swagger-ui-bundle.js')
    const bundle = await fetch(`${api.url}/docs/swagger-ui-bundle.js`)
    expect(bundle.status).toBe(200)
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000)
  })
})

describe('start-up checks', () => {
  it('refuses to start in production without the secret, the URL, the database and a mail server, naming each', () => {
    const { status, output } = runMain('auth', { NODE_ENV: 'production' })
    expect(status).toBe(1)
    for (const variable of ['BETTER_AUTH_SECRET', 'BETTER_AUTH_URL', 'DATABASE_URL', 'SMTP_URL', 'MAIL_FROM']) expect(output).toContain(variable)
  })

  it('refuses a bad value with a message that names the variable and the fix', () => {
    const { status, output } = runMain('api', { AUTH_URL: 'not a url', API_PORT: 'eighty' })
    expect(status).toBe(1)
    expect(output).toContain('AUTH_URL')
    expect(output).toContain('API_PORT')
    expect(output).not.toMatch(/\n\s+at /)
  })

  it('stops with a clear message when the database cannot be reached, and logs no secret', async () => {
    const { status, output } = runMain('auth', {
      DATABASE_URL: `postgres://postgres:hunter2-db-password@127.0.0.1:${await freePort()}/postgres`,
      BETTER_AUTH_SECRET: TEST_SECRET,
      AUTH_PORT: '0',
    })
    expect(status).toBe(1)
    expect(output).toContain('cannot reach or migrate the database')
    expect(output).toContain('DATABASE_URL')
    expect(output).not.toContain(TEST_SECRET)
    expect(output).not.toContain('hunter2-db-password')
  })
})
