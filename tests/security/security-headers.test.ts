import { describe, expect, it } from 'vitest'
import { TRUSTED_ORIGIN, apiCall, useSignedInStack } from '../support/test-stack.ts'

// Every answer of auth and the api says `nosniff`, whoever built it: Hono (health, 404, error shape), a route, or
// Better Auth itself (its finished Responses). The web origin's headers are in tests/integration/web-origin.test.ts.
const stack = useSignedInStack()

const answers: Array<[string, () => Promise<Response>, number]> = [
  ['api /health', () => fetch(`${stack.api.url}/health`), 200],
  ['api list', () => apiCall(stack.api.url, stack.user.cookie)('GET', `/api/${stack.user.userId}/tasks`), 200],
  ['api create', () => apiCall(stack.api.url, stack.user.cookie)('POST', `/api/${stack.user.userId}/tasks`, { title: 'sniffed' }), 201],
  ['api without a session', () => fetch(`${stack.api.url}/api/${stack.user.userId}/tasks`), 401],
  ['api unknown route', () => fetch(`${stack.api.url}/nowhere`), 404],
  ['api invalid body', () => apiCall(stack.api.url, stack.user.cookie)('POST', `/api/${stack.user.userId}/tasks`, { title: '' }), 422],
  ['auth /health', () => fetch(`${stack.auth.url}/health`), 200],
  ['auth get-session', () => fetch(`${stack.auth.url}/api/auth/get-session`, { headers: { cookie: stack.user.cookie } }), 200],
  [
    'auth wrong password (Better Auth’s own answer)',
    () =>
      fetch(`${stack.auth.url}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, 'x-forwarded-for': '10.9.8.7' },
        body: JSON.stringify({ email: stack.user.email, password: 'not-the-password' }),
      }),
    401,
  ],
  ['auth foreign origin', () => fetch(`${stack.auth.url}/api/auth/sign-out`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{}' }), 403],
]

describe('X-Content-Type-Options on every answer of auth and the api', () => {
  it.each(answers)('%s', async (_name, send, status) => {
    const response = await send()
    expect(response.status).toBe(status)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })
})
