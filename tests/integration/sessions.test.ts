import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { type RunningService, apiCall, signIn, signOut, signUp, spawnService, startApi, startAuth, startWebForwarder } from '../support/test-stack.ts'

const running: RunningService[] = []
afterAll(async () => {
  for (const service of running.reverse()) await service.close()
})

async function stack(authEnv: Record<string, string> = {}) {
  const auth = await startAuth(authEnv)
  const api = await startApi(auth.url)
  running.push(auth, api)
  return { auth, api }
}

describe('sessions', () => {
  it('refuses a signed-out session on the very next api request, and relays the clearing cookies', async () => {
    const { auth, api } = await stack()
    const user = await signUp(auth.url)
    const call = apiCall(api.url, user.cookie)
    expect((await call('GET', `/api/${user.userId}/tasks`)).status).toBe(200)
    expect((await signOut(auth.url, user.cookie)).status).toBe(200)
    const after = await call('GET', `/api/${user.userId}/tasks`)
    expect(after.status).toBe(401)
    expect(after.headers.getSetCookie().some((value) => /^better-auth\.session_token=;.*Max-Age=0/i.test(value))).toBe(true)
  })

  it('keeps two sessions of one user apart: signing out one leaves the other', async () => {
    const { auth, api } = await stack()
    const user = await signUp(auth.url)
    const second = (await signIn(auth.url, user)).headers.getSetCookie()[0]?.split(';')[0] ?? ''
    await signOut(auth.url, user.cookie)
    expect((await apiCall(api.url, second)('GET', `/api/${user.userId}/tasks`)).status).toBe(200)
  })

  it('slides an active session (the refresh Set-Cookie reaches the client) and expires an idle one', async () => {
    const { auth, api } = await stack({ SESSION_EXPIRES_IN: '3', SESSION_UPDATE_AGE: '1' })
    const user = await signUp(auth.url)
    const call = apiCall(api.url, user.cookie)
    let refreshes = 0
    // 5 s of activity: well past the 3 s lifetime, so only sliding keeps it alive.
    for (let step = 0; step < 5; step++) {
      await sleep(1_000)
      const response = await call('GET', `/api/${user.userId}/tasks`)
      expect(response.status, `after ${step + 1} s`).toBe(200)
      const refresh = response.headers.getSetCookie().find((value) => value.startsWith('better-auth.session_token='))
      if (refresh) {
        refreshes++
        expect(refresh).toMatch(/Max-Age=3/)
        expect(refresh.split(';')[0]).toBe(user.cookie)
      }
    }
    expect(refreshes).toBeGreaterThanOrEqual(2)
    await sleep(3_500)
    expect((await call('GET', `/api/${user.userId}/tasks`)).status).toBe(401)
  })

  it('defers the refresh when asked (a page render), so the next browser request still gets it', async () => {
    const { auth, api } = await stack({ SESSION_EXPIRES_IN: '30', SESSION_UPDATE_AGE: '1' })
    const user = await signUp(auth.url)
    const call = apiCall(api.url, user.cookie)
    await sleep(1_200)
    const deferred = await call('GET', `/api/${user.userId}/tasks`, undefined, { 'x-session-refresh': 'defer' })
    expect(deferred.status).toBe(200)
    expect(deferred.headers.getSetCookie()).toEqual([])
    const browser = await call('GET', `/api/${user.userId}/tasks`)
    expect(browser.status).toBe(200)
    expect(browser.headers.getSetCookie().some((value) => value.startsWith(`${user.cookie};`) && /Max-Age=30/.test(value))).toBe(true)
  })

  it('passes the refresh Set-Cookie through the web origin, from the api and from get-session', async () => {
    const { auth, api } = await stack({ SESSION_EXPIRES_IN: '30', SESSION_UPDATE_AGE: '1' })
    const web = await startWebForwarder(auth.url, api.url)
    running.push(web)
    const user = await signUp(auth.url)
    const refreshed = (response: Response) =>
      response.headers.getSetCookie().some((value) => value.startsWith(`${user.cookie};`) && /Max-Age=30/.test(value) && /HttpOnly/i.test(value))
    for (const path of [`/api/${user.userId}/tasks`, '/api/auth/get-session']) {
      await sleep(1_200)
      const response = await fetch(`${web.url}${path}`, { headers: { cookie: user.cookie } })
      expect(response.status, path).toBe(200)
      expect(refreshed(response), `${path} relays the refresh`).toBe(true)
    }
  })

  it('survives restarting both services: same cookie, same tasks, clean exits', async () => {
    let auth = await spawnService('auth', {})
    let api = await spawnService('api', { AUTH_URL: auth.url })
    const user = await signUp(auth.url)
    const created = await apiCall(api.url, user.cookie)('POST', `/api/${user.userId}/tasks`, { title: 'survives restarts' })
    expect(created.status).toBe(201)

    const exits = [auth, api].map((service) => new Promise<number | null>((resolve) => service.child.once('exit', (code) => resolve(code))))
    await api.close()
    await auth.close()
    expect(await Promise.all(exits)).toEqual([0, 0])

    auth = await spawnService('auth', { AUTH_PORT: String(auth.port) })
    api = await spawnService('api', { AUTH_URL: auth.url, API_PORT: String(api.port) })
    running.push(auth, api)
    const list = await apiCall(api.url, user.cookie)('GET', `/api/${user.userId}/tasks`)
    expect(list.status).toBe(200)
    expect(((await list.json()) as { tasks: Array<{ title: string }> }).tasks.map((task) => task.title)).toEqual(['survives restarts'])
  })
})
