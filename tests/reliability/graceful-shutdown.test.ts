import { randomUUID } from 'node:crypto'
import { request } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningService, type TestUser, TRUSTED_ORIGIN, apiCall, randomIp, spawnService, startApi, startAuth, signUp } from '../support/test-stack.ts'

/**
 * A POST whose body arrives in two halves: the server has the request (headers and half the body) when `finish`
 * sends the rest. Whatever happens in between, a signal for one, the request is in flight.
 */
function postInTwoHalves(url: string, headers: Record<string, string>, body: string) {
  const half = Math.floor(body.length / 2)
  let answered!: Promise<{ status: number; body: string }>
  const sent = new Promise<ReturnType<typeof request>>((resolve, reject) => {
    answered = new Promise((done, fail) => {
      const outgoing = request(url, { method: 'POST', agent: false, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (response) => {
        let text = ''
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
        response.on('end', () => done({ status: response.statusCode ?? 0, body: text }))
      })
      outgoing.on('error', fail)
      outgoing.write(body.slice(0, half), (error) => (error ? reject(error) : resolve(outgoing)))
    })
  })
  return {
    sent,
    async finish() {
      ;(await sent).end(body.slice(half))
      return answered
    },
  }
}

describe('SIGTERM under load', () => {
  let auth: RunningService
  let reader: RunningService
  let user: TestUser
  beforeAll(async () => {
    auth = await startAuth()
    reader = await startApi(auth.url)
    user = await signUp(auth.url)
  })
  afterAll(async () => {
    await reader?.close()
    await auth?.close()
  })

  it.each(['api', 'auth'] as const)('%s finishes what is in flight, refuses the rest cleanly, exits 0 within 10 s, loses no acknowledged write', async (name) => {
    const victimAuth = name === 'auth' ? await spawnService('auth', {}) : undefined
    const api = await spawnService('api', { AUTH_URL: victimAuth?.url ?? auth.url })
    const victim = victimAuth ?? api
    const call = apiCall(api.url, user.cookie)
    const exit = new Promise<{ code: number | null; at: number }>((resolve) => victim.child.once('exit', (code) => resolve({ code, at: performance.now() })))

    const outcomes: Array<{ title: string; status: number }> = []
    let sending = true
    const client = async () => {
      while (sending) {
        const title = `shutdown-${randomUUID()}`
        try {
          outcomes.push({ title, status: (await call('POST', `/api/${user.userId}/tasks`, { title })).status })
        } catch {
          outcomes.push({ title, status: 0 }) // refused: the connection was closed or not accepted
        }
      }
    }
    const clients = Array.from({ length: 16 }, client)
    await sleep(400)
    const signalled = performance.now()
    victim.child.kill('SIGTERM')
    const { code, at } = await exit
    sending = false
    await Promise.all(clients)
    await api.close()

    const statuses = new Set(outcomes.map((outcome) => outcome.status))
    process.stdout.write(`${JSON.stringify({ test: 'sigterm', service: name, requests: outcomes.length, statuses: [...statuses], exit_ms: Math.round(at - signalled) })}\n`)
    expect(code).toBe(0)
    expect(at - signalled).toBeLessThan(10_000)
    // Killing auth makes the api fail closed (503); killing the api refuses connections. Never a 500.
    expect([...statuses].filter((status) => status !== 201 && status !== 0 && status !== 503)).toEqual([])

    const stored = new Set<string>()
    let cursor: string | null = null
    do {
      const page = (await (await apiCall(reader.url, user.cookie)('GET', `/api/${user.userId}/tasks?limit=100${cursor ? `&cursor=${cursor}` : ''}`)).json()) as {
        tasks: Array<{ title: string }>
        next_cursor: string | null
      }
      for (const task of page.tasks) stored.add(task.title)
      cursor = page.next_cursor
    } while (cursor)
    const acknowledged = outcomes.filter((outcome) => outcome.status === 201)
    expect(acknowledged.length).toBeGreaterThan(0)
    expect(acknowledged.filter((outcome) => !stored.has(outcome.title))).toEqual([])
  })
  it.each(['api', 'auth'] as const)('%s answers a request that is in flight when SIGTERM arrives, then exits 0', async (name) => {
    const service = await spawnService(name, name === 'api' ? { AUTH_URL: auth.url } : {})
    const exited = new Promise<number | null>((resolve) => service.child.once('exit', resolve))
    const title = `in-flight-${randomUUID()}`
    const inFlight =
      name === 'api'
        ? postInTwoHalves(`${service.url}/api/${user.userId}/tasks`, { cookie: user.cookie, origin: TRUSTED_ORIGIN }, JSON.stringify({ title }))
        : postInTwoHalves(`${service.url}/api/auth/sign-in/email`, { origin: TRUSTED_ORIGIN, 'x-forwarded-for': randomIp() }, JSON.stringify({ email: user.email, password: user.password }))
    await inFlight.sent
    await sleep(200)
    service.child.kill('SIGTERM')
    await sleep(300)
    const answer = await inFlight.finish()
    expect(answer.status, answer.body).toBe(name === 'api' ? 201 : 200)
    expect(await exited).toBe(0)
    if (name === 'api') {
      const stored = (await (await apiCall(reader.url, user.cookie)('GET', `/api/${user.userId}/tasks?limit=100`)).json()) as { tasks: Array<{ title: string }> }
      expect(stored.tasks.map((task) => task.title)).toContain(title)
    }
    await service.close()
  })
})
