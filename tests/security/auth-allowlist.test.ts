import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningService, TRUSTED_ORIGIN, startWebForwarder, useSignedInStack } from '../support/test-stack.ts'

/**
 * Only the auth endpoints the product uses are reachable through the web origin (apps/web/lib/auth-allowlist.server.ts);
 * every other Better Auth path is a 404 in the error shape there, and never reaches auth.
 */
const stack = useSignedInStack()
let web: RunningService
beforeAll(async () => {
  web = await startWebForwarder(stack.auth.url, stack.api.url)
})
afterAll(() => web?.close())

const JSON_WRITE = { 'content-type': 'application/json', origin: TRUSTED_ORIGIN }
const write = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({ method: 'POST', headers: { ...JSON_WRITE, ...headers }, body: JSON.stringify(body) })

describe('auth through the web origin', () => {
  it.each([
    ['POST', 'verify-password', { password: 'anything-at-all' }],
    ['POST', 'update-session', {}],
    ['GET', 'list-accounts', undefined],
    ['GET', 'list-sessions', undefined],
    ['POST', 'revoke-sessions', {}],
    // Better Auth's own session revoking takes a session's raw token: the browser revokes by id (revoke-own-session).
    ['POST', 'revoke-session', { token: 'x' }],
    ['GET', 'delete-user/callback', undefined],
    ['GET', 'error', undefined],
    ['GET', 'ok', undefined],
    ['GET', 'sign-in/email', undefined],
    ['GET', 'get-session/extra', undefined],
    // The two-factor and passkey endpoints the product does not use: the TOTP URI (the secret) again, fresh backup
    // codes, codes by email.
    ['POST', 'two-factor/get-totp-uri', { password: 'anything-at-all' }],
    ['POST', 'two-factor/generate-backup-codes', { password: 'anything-at-all' }],
    ['POST', 'two-factor/send-otp', {}],
    ['POST', 'two-factor/verify-otp', { code: '123456' }],
    ['GET', 'passkey/list-user-passkeys/extra', undefined],
  ])('refuses %s /api/auth/%s with 404, without asking auth', async (method, path, body) => {
    const init = method === 'POST' ? write(body, { cookie: stack.user.cookie }) : { headers: { cookie: stack.user.cookie } }
    const response = await fetch(`${web.url}/api/auth/${path}`, init)
    expect(response.status).toBe(404)
    // The web origin's own answer, in the services' error shape: Better Auth's would not have it.
    expect(await response.json()).toMatchObject({ error_code: 'NOT_FOUND', detail: { path: `/api/auth/${path}` } })
  })

  it('forwards the endpoints the product uses', async () => {
    expect((await fetch(`${web.url}/api/auth/get-session`, { headers: { cookie: stack.user.cookie } })).status).toBe(200)
    const email = `allow-${crypto.randomUUID()}@example.com`
    expect((await fetch(`${web.url}/api/auth/sign-up/email`, write({ email, password: 'a-long-enough-password', name: 'Allowed' }))).status).toBe(200)
    expect((await fetch(`${web.url}/api/auth/sign-in/email`, write({ email, password: 'wrong-password-here' }))).status).toBe(401)
    // The settings page's: each answers for itself (here: a wrong current password, a bad name), not the web origin's 404.
    expect((await fetch(`${web.url}/api/auth/change-password`, write({ currentPassword: 'not-the-password', newPassword: 'whatever-1234' }, { cookie: stack.user.cookie }))).status).toBe(400)
    expect((await fetch(`${web.url}/api/auth/update-user`, write({ name: '' }, { cookie: stack.user.cookie }))).status).toBe(400)
    expect((await fetch(`${web.url}/api/auth/list-own-sessions`, { headers: { cookie: stack.user.cookie } })).status).toBe(200)
    expect((await fetch(`${web.url}/api/auth/sign-out`, write({}, { cookie: stack.user.cookie }))).status).toBe(200)
  })
})
