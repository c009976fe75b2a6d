import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildService, TEST_SECRET, TRUSTED_ORIGIN, apiCall, sessionCookie, signIn, signOut, signUp, spawnService } from '../support/test-stack.ts'

describe('logs never carry a credential', () => {
  let auth: ChildService
  let api: ChildService
  beforeAll(async () => {
    auth = await spawnService('auth', { LOG_LEVEL: 'trace' })
    api = await spawnService('api', { AUTH_URL: auth.url, LOG_LEVEL: 'trace' })
  })
  afterAll(async () => {
    await api?.close()
    await auth?.close()
  })

  it('no cookie, token, password, secret or whole email appears in either service log after a full session', async () => {
    const user = await signUp(auth.url)
    const second = sessionCookie(await signIn(auth.url, user))
    await signIn(auth.url, { email: user.email, password: 'wrong-password-value' })
    const call = apiCall(api.url, second)
    await call('POST', `/api/${user.userId}/tasks`, { title: 'logged?' })
    await call('POST', `/api/${user.userId}/tasks`, '{bad json', { 'content-type': 'application/json' })
    await call('GET', `/api/${user.userId}/tasks`, undefined, { authorization: 'Bearer some-bearer-value' })
    await fetch(`${auth.url}/api/auth/change-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, cookie: second },
      body: JSON.stringify({ currentPassword: user.password, newPassword: 'brand-new-password-1' }),
    })
    await signOut(auth.url, second)
    await call('GET', `/api/${user.userId}/tasks`)

    const logs = `${auth.output()}\n${api.output()}`
    expect(logs.length).toBeGreaterThan(0)
    const token = (cookie: string) => decodeURIComponent(cookie.split('=')[1] ?? '').split('.')[0] ?? ''
    for (const secret of [
      user.password,
      'wrong-password-value',
      'brand-new-password-1',
      TEST_SECRET,
      token(user.cookie),
      token(second),
      second,
      'some-bearer-value',
      user.email,
    ]) {
      expect(secret.length).toBeGreaterThan(5)
      expect(logs).not.toContain(secret)
    }
    // A refused sign-in is logged with the email masked.
    expect(auth.output()).toContain(`"email":"${user.email[0]}***@example.com"`)
    // Each request was logged, with its id.
    expect(api.output()).toContain('"reqId"')
  })

  it("every line auth writes is one of its JSON log records, Better Auth's refusals included (none on its own console)", async () => {
    await fetch(`${auth.url}/api/auth/sign-in/email`, { method: 'POST', headers: { origin: TRUSTED_ORIGIN }, body: 'not json' })
    await fetch(`${auth.url}/api/auth/sign-in/email`, { method: 'POST', headers: { origin: TRUSTED_ORIGIN, 'content-type': 'text/csv' }, body: 'a,b' })
    const lines = auth.output().split('\n').filter((line) => line.trim() !== '')
    expect(lines.filter((line) => !line.startsWith('{"level":'))).toEqual([])
    expect(auth.output()).toContain('"component":"better-auth"')
  })
})
