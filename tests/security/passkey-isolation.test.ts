import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { insertPasskey as insertPasskeyRow } from '../support/passkey-rows.ts'
import { type RunningService, type TestUser, TRUSTED_ORIGIN, signUp, startAuth, startWebForwarder } from '../support/test-stack.ts'

/**
 * One user's passkeys are theirs alone: another signed-in user cannot list, rename or remove them by id, and gets the
 * same answer as for an id that does not exist. Through the web origin, as the settings page calls them. The passkeys
 * are written straight into the table (a real registration needs a browser's authenticator: e2e/passkeys.test.ts);
 * what is tested here is who may touch a row, whatever made it.
 */
let auth: RunningService
let web: RunningService
let pool: pg.Pool
let owner: TestUser
let other: TestUser
beforeAll(async () => {
  auth = await startAuth()
  web = await startWebForwarder(auth.url, auth.url)
  pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 })
  ;[owner, other] = await Promise.all([signUp(auth.url), signUp(auth.url)])
})
afterAll(async () => {
  await pool?.end()
  await web?.close()
  await auth?.close()
})

const insertPasskey = (userId: string, name: string) => insertPasskeyRow(pool, userId, name)

async function storedPasskey(id: string): Promise<{ name: string | null; user_id: string } | undefined> {
  return (await pool.query<{ name: string | null; user_id: string }>('select name, user_id from passkey where id = $1', [id])).rows[0]
}

function call(user: TestUser, path: string, body?: unknown) {
  return fetch(`${web.url}/api/auth/passkey/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { cookie: user.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json', origin: TRUSTED_ORIGIN }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

async function listed(user: TestUser): Promise<Array<{ id: string; name: string }>> {
  const response = await call(user, 'list-user-passkeys')
  expect(response.status).toBe(200)
  return (await response.json()) as Array<{ id: string; name: string }>
}

describe('passkeys across users', () => {
  it("lists only the caller's own passkeys", async () => {
    const mine = await insertPasskey(owner.userId, 'Owner laptop')
    const theirs = await insertPasskey(other.userId, 'Other phone')
    expect((await listed(owner)).map((passkey) => passkey.id)).toContain(mine.id)
    expect((await listed(owner)).map((passkey) => passkey.id)).not.toContain(theirs.id)
    expect((await listed(other)).map((passkey) => passkey.id)).not.toContain(mine.id)
  })

  it("refuses to rename another user's passkey by id, as if it did not exist, and changes nothing", async () => {
    const mine = await insertPasskey(owner.userId, 'Owner key')
    const attempt = await call(other, 'update-passkey', { id: mine.id, name: 'stolen' })
    const missing = await call(other, 'update-passkey', { id: randomUUID(), name: 'stolen' })
    expect(attempt.status).toBe(404)
    expect(await attempt.json()).toEqual(await missing.json())
    expect(await storedPasskey(mine.id)).toEqual({ name: 'Owner key', user_id: owner.userId })
  })

  it("refuses to remove another user's passkey by id, as if it did not exist, and it stays", async () => {
    const mine = await insertPasskey(owner.userId, 'Owner key to keep')
    const attempt = await call(other, 'delete-passkey', { id: mine.id })
    const missing = await call(other, 'delete-passkey', { id: randomUUID() })
    expect(attempt.status).toBe(404)
    expect(await attempt.json()).toEqual(await missing.json())
    expect(await storedPasskey(mine.id)).toEqual({ name: 'Owner key to keep', user_id: owner.userId })
  })

  it('lets the owner rename and remove their own, and refuses a blank or overlong name', async () => {
    const mine = await insertPasskey(owner.userId, 'Old name')
    expect((await call(owner, 'update-passkey', { id: mine.id, name: '   ' })).status).toBe(400)
    const overlong = await call(owner, 'update-passkey', { id: mine.id, name: 'x'.repeat(101) })
    expect(overlong.status).toBe(400)
    expect(await overlong.json()).toMatchObject({ code: 'PASSKEY_NAME_TOO_LONG' })
    expect((await storedPasskey(mine.id))?.name).toBe('Old name')
    expect((await call(owner, 'update-passkey', { id: mine.id, name: 'New name' })).status).toBe(200)
    expect((await listed(owner)).find((passkey) => passkey.id === mine.id)?.name).toBe('New name')
    expect((await call(owner, 'delete-passkey', { id: mine.id })).status).toBe(200)
    expect(await storedPasskey(mine.id)).toBeUndefined()
  })

  it('answers 401 without a session, for every passkey route', async () => {
    const mine = await insertPasskey(owner.userId, 'Signed-out target')
    const anonymous = { ...owner, cookie: '' }
    expect((await call(anonymous, 'list-user-passkeys')).status).toBe(401)
    expect((await call(anonymous, 'update-passkey', { id: mine.id, name: 'x' })).status).toBe(401)
    expect((await call(anonymous, 'delete-passkey', { id: mine.id })).status).toBe(401)
    expect((await call(anonymous, 'generate-register-options')).status).toBe(401)
    expect(await storedPasskey(mine.id)).toEqual({ name: 'Signed-out target', user_id: owner.userId })
  })
})

describe('passkey registration answers', () => {
  it('refuses a malformed attestation for a real challenge with a 400, not a 500, and stores nothing', async () => {
    const options = await call(owner, 'generate-register-options')
    expect(options.status).toBe(200)
    const challengeCookie = options.headers.getSetCookie().map((header) => header.split(';')[0] ?? '').find((pair) => pair.startsWith('better-auth.better-auth-passkey='))
    expect(challengeCookie).toBeDefined()
    const before = (await listed(owner)).length
    const response = await fetch(`${web.url}/api/auth/passkey/verify-registration`, {
      method: 'POST',
      headers: { cookie: `${owner.cookie}; ${challengeCookie}`, 'content-type': 'application/json', origin: TRUSTED_ORIGIN },
      body: JSON.stringify({ response: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'bm90IGpzb24', attestationObject: 'AAAA' } }, name: 'Forged' }),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'FAILED_TO_VERIFY_REGISTRATION' })
    expect(await listed(owner)).toHaveLength(before)
  })
})
