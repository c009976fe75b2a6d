import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningService, type TestUser, TRUSTED_ORIGIN, apiCall, signUp, startApi, startAuth } from '../support/test-stack.ts'
import { type RawResponse, errorKeys, rawRequest } from './raw-request.ts'
import type { Task } from '@tasklane/api/contract'

/**
 * Hostile input (docs/security.md): malformed bodies, wrong content types, deep and huge JSON, prototype-pollution keys,
 * wrong types, path traversal and SQL/HTML payloads. A refused request gets a 4xx in the one error shape and
 * changes nothing; text within the limits is stored and returned exactly as sent.
 *
 * Decisions recorded here:
 * - Duplicate keys: the last one wins (JSON.parse), like every JavaScript JSON reader; they are not refused.
 * - Control characters, zero-width and bidi characters and 4-byte emoji are stored verbatim; only leading and
 *   trailing whitespace is trimmed from a title. Lengths count code points (zod 4): a 4-byte emoji counts as 1.
 * - NUL, lone surrogates and bytes that are not UTF-8 cannot be stored verbatim: refused with 4xx, see malformed-text.test.ts.
 * - `charset` on application/json has no effect (RFC 8259 §11): a UTF-16 body does not parse and is refused.
 */


let auth: RunningService
let api: RunningService
/** Only ever sent requests that must be refused: its tasks never change. */
let refuser: TestUser
let target: Task
/** Sent the payloads that must be stored verbatim. */
let writer: TestUser
let requests = 0

beforeAll(async () => {
  auth = await startAuth()
  api = await startApi(auth.url)
  ;[refuser, writer] = await Promise.all([signUp(auth.url), signUp(auth.url)])
  const call = apiCall(api.url, refuser.cookie)
  for (const title of ['keep-one', 'keep-two']) expect((await call('POST', `/api/${refuser.userId}/tasks`, { title, description: `${title} note` })).status).toBe(201)
  const created = await call('POST', `/api/${refuser.userId}/tasks`, { title: 'target', description: 'the task PUT and PATCH aim at' })
  target = (await created.json()) as Task
})
afterAll(async () => {
  process.stdout.write(`${JSON.stringify({ suite: 'malformed-input', requests })}\n`)
  await api?.close()
  await auth?.close()
})

/** Everything the refuser has: the whole list and the counts. */
async function snapshot(): Promise<unknown> {
  const call = apiCall(api.url, refuser.cookie)
  const list = await call('GET', `/api/${refuser.userId}/tasks?limit=100&sort=created_at&order=asc`)
  const counts = await call('GET', `/api/${refuser.userId}/tasks/counts`)
  expect(list.status).toBe(200)
  return { list: await list.json(), counts: await counts.json() }
}

type Method = 'POST' | 'PUT' | 'PATCH'
const WRITES: Method[] = ['POST', 'PUT', 'PATCH']

function writePath(method: Method, user: TestUser = refuser, taskId = target.id): string {
  const base = `/api/${user.userId}/tasks`
  return method === 'POST' ? base : method === 'PUT' ? `${base}/${taskId}` : `${base}/${taskId}/complete`
}

async function send(
  method: string,
  path: string,
  { body, contentType = 'application/json', chunkBytes, user = refuser }: { body?: string | Buffer; contentType?: string | null; chunkBytes?: number; user?: TestUser } = {},
): Promise<RawResponse> {
  requests++
  const headers: Record<string, string> = { cookie: user.cookie, origin: TRUSTED_ORIGIN }
  if (contentType !== null && body !== undefined) headers['content-type'] = contentType
  return rawRequest(api.url, { method, path, headers, body, chunkBytes })
}

/** A refused request: this status and code, exactly the error keys, and the refuser's tasks untouched. */
async function expectRefused(response: RawResponse, status: number | number[], code: string | string[], label: string) {
  const statuses = Array.isArray(status) ? status : [status]
  const codes = Array.isArray(code) ? code : [code]
  expect(statuses, `${label}: ${response.status} ${response.text.slice(0, 300)}`).toContain(response.status)
  expect(errorKeys(response.text), label).toEqual(['detail', 'error_code', 'message', 'request_id'])
  expect((JSON.parse(response.text) as { request_id: unknown }).request_id, label).toBe(response.headers['x-request-id'])
  expect(codes, label).toContain((JSON.parse(response.text) as { error_code: string }).error_code)
  expect(String(response.headers['content-type']), label).toMatch(/^application\/json/)
}

function nested(depth: number, open = '[', close = ']', center = ''): string {
  return open.repeat(depth) + center + close.repeat(depth)
}

describe('refused bodies change nothing', () => {
  let before: unknown
  beforeAll(async () => {
    before = await snapshot()
  })
  const unchanged = async (label: string) => expect(await snapshot(), `${label} changed the refuser's tasks`).toEqual(before)

  const malformed = [
    '{',
    '{"title": }',
    "{'title':'single quotes'}",
    '{title:"bare key"}',
    '{"title":"trailing comma",}',
    '{"title":"x"} trailing',
    '{"title":"x"}{"title":"y"}',
    '{"title":"x" /* comment */}',
    '{"title":"bad \\x escape"}',
    '{"title":"short \\u12 escape"}',
    '{"title":"raw\nnewline"}',
    '{"title":"unterminated',
    '"unterminated',
    'NaN',
    'undefined',
    '0x10',
    '[1,2,]',
    '{"completed":tru}',
    '   ',
    '\u0000',
  ]
  for (const method of WRITES) {
    it.each(malformed)(`${method} with malformed JSON %j → 400 MALFORMED_JSON`, async (body) => {
      await expectRefused(await send(method, writePath(method), { body }), 400, 'MALFORMED_JSON', `${method} ${body}`)
      await unchanged(`${method} ${body}`)
    })
  }

  it.each(['POST', 'PUT'] as const)('%s with an empty application/json body → 400 MALFORMED_JSON', async (method) => {
    await expectRefused(await send(method, writePath(method), { body: '' }), 400, 'MALFORMED_JSON', `${method} empty`)
    await unchanged(`${method} empty`)
  })

  const json = '{"title":"typed wrongly","completed":true}'
  const wrongTypes: Array<[string, string | null, string]> = [
    ['text/plain', 'text/plain', json],
    ['text/plain with charset', 'text/plain; charset=utf-8', json],
    ['a form', 'application/x-www-form-urlencoded', 'title=typed+wrongly&completed=true'],
    ['multipart', 'multipart/form-data; boundary=XyZ', '--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\ntyped wrongly\r\n--XyZ--\r\n'],
    ['no content type', null, json],
    ['text/json', 'text/json', json],
    ['application/jsonp', 'application/jsonp', json],
    ['application/xml', 'application/xml', '<task><title>typed wrongly</title></task>'],
    ['a parameter only', '; charset=utf-8', json],
    ['a JSON-looking subtype', 'application/x-json-but-not', json],
  ]
  for (const method of WRITES) {
    it.each(wrongTypes)(`${method} with %s → 415 UNSUPPORTED_MEDIA_TYPE`, async (name, contentType, body) => {
      await expectRefused(await send(method, writePath(method), { body, contentType }), 415, 'UNSUPPORTED_MEDIA_TYPE', `${method} ${name}`)
      await unchanged(`${method} ${name}`)
    })

    it(`${method} with a UTF-16 body labelled application/json; charset=utf-16 → 4xx, nothing written`, async () => {
      const body = method === 'PATCH' ? '{"completed":true}' : '{"title":"utf-16 title"}'
      for (const bytes of [
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]),
        Buffer.from(body, 'utf16le'),
        Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(body, 'utf16le').swap16()]),
      ]) {
        await expectRefused(await send(method, writePath(method), { body: bytes, contentType: 'application/json; charset=utf-16' }), [400, 415], ['MALFORMED_JSON', 'UNSUPPORTED_MEDIA_TYPE'], `${method} utf-16`)
      }
      await unchanged(`${method} utf-16`)
    })

    it(`${method} with JSON nested 8,000 deep (≤ 16 KiB) → 422, the service still answering`, async () => {
      const field = method === 'PATCH' ? 'completed' : 'title'
      const bodies = [nested(8_000), `{"${field}":${nested(8_000 - 10)}}`, nested(2_700, '{"a":', '}', '0'), `{"${field}":${nested(2_600, '{"a":', '}', '0')}}`]
      for (const body of bodies) {
        expect(Buffer.byteLength(body)).toBeLessThanOrEqual(16 * 1024)
        await expectRefused(await send(method, writePath(method), { body }), 422, 'VALIDATION_FAILED', `${method} deep ${body.slice(0, 12)}`)
      }
      await unchanged(`${method} deep`)
    })

    it(`${method} with JSON nested 10,000 deep (20,000 bytes) → 413`, async () => {
      await expectRefused(await send(method, writePath(method), { body: nested(10_000) }), 413, 'PAYLOAD_TOO_LARGE', `${method} 10k deep`)
      await unchanged(`${method} 10k deep`)
    })

    for (const [name, bytes] of [
      ['just over 16 KiB', 16 * 1024 + 1],
      ['17 KiB', 17 * 1024],
      ['1 MB', 1024 * 1024],
    ] as const) {
      const body = JSON.stringify({ title: 'huge', description: 'x'.repeat(bytes - 32) }).padEnd(bytes, ' ')
      it(`${method} with a body of ${name} and Content-Length → 413`, async () => {
        await expectRefused(await send(method, writePath(method), { body }), 413, 'PAYLOAD_TOO_LARGE', `${method} ${name}`)
        await unchanged(`${method} ${name}`)
      })
      it(`${method} with a body of ${name}, chunked, no Content-Length → 413`, async () => {
        await expectRefused(await send(method, writePath(method), { body, chunkBytes: 4096 }), 413, 'PAYLOAD_TOO_LARGE', `${method} ${name} chunked`)
        await unchanged(`${method} ${name} chunked`)
      })
    }
  }

  it('lets a chunked body of exactly 16 KiB through the size limit, to the schema (422, not 413)', async () => {
    const head = '{"completed":true,"unknown":"'
    const body = `${head}${'x'.repeat(16 * 1024 - head.length - 2)}"}`
    expect(Buffer.byteLength(body)).toBe(16 * 1024)
    await expectRefused(await send('PATCH', writePath('PATCH'), { body, chunkBytes: 1000 }), 422, 'VALIDATION_FAILED', 'PATCH 16 KiB chunked')
    await unchanged('PATCH 16 KiB chunked')
  })

  const pollution: Array<[Method, string]> = [
    ['POST', '{"title":"polluter","__proto__":{"polluted":"yes","title":"from proto"}}'],
    ['POST', '{"__proto__":{"title":"only via the prototype"}}'],
    ['POST', '{"title":"polluter","constructor":{"prototype":{"polluted":"yes"}}}'],
    ['POST', '{"title":"polluter","prototype":{"polluted":"yes"}}'],
    ['POST', '{"title":"polluter","__proto__":null}'],
    ['PUT', '{"title":"polluter","__proto__":{"completed":true}}'],
    ['PUT', '{"title":"polluter","constructor":{"prototype":{"completed":true}}}'],
    ['PATCH', '{"__proto__":{"completed":true}}'],
    ['PATCH', '{"completed":true,"__proto__":{"polluted":"yes"}}'],
    ['PATCH', '{"constructor":{"prototype":{"polluted":"yes"}}}'],
  ]
  it.each(pollution)('%s with prototype-pollution keys %s → 422, no effect on any object', async (method, body) => {
    await expectRefused(await send(method, writePath(method), { body }), 422, 'VALIDATION_FAILED', `${method} ${body}`)
    await unchanged(`${method} ${body}`)
    // The api runs in this process: a polluted prototype would show here.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
    expect(Object.prototype).not.toHaveProperty('completed')
  })

  it('refuses prototype-pollution keys in the query string with 422', async () => {
    for (const query of ['__proto__[polluted]=yes', '__proto__=yes', 'constructor[prototype][polluted]=yes', 'status=all&__proto__.polluted=yes']) {
      await expectRefused(await send('GET', `/api/${refuser.userId}/tasks?${query}`), 422, 'VALIDATION_FAILED', query)
    }
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  const wrongValues = ['42', '0', '-1', '1e400', 'true', 'false', 'null', '[]', '["a string in an array"]', '{}', '{"toString":"x"}']
  it.each(wrongValues)('refuses %s where a string title is expected, on POST and PUT, with 422 naming the field', async (value) => {
    for (const method of ['POST', 'PUT'] as const) {
      const response = await send(method, writePath(method), { body: `{"title":${value}}` })
      await expectRefused(response, 422, 'VALIDATION_FAILED', `${method} title ${value}`)
      const { detail } = JSON.parse(response.text) as { detail: { field: string }[] }
      expect(detail.length).toBeGreaterThan(0)
      expect(detail.every(({ field }) => field === 'title'), response.text).toBe(true)
    }
    await unchanged(`title ${value}`)
  })

  it.each(wrongValues.filter((value) => value !== 'null'))('refuses %s where a string-or-null description is expected with 422', async (value) => {
    for (const method of ['POST', 'PUT'] as const) {
      const response = await send(method, writePath(method), { body: `{"title":"ok","description":${value}}` })
      await expectRefused(response, 422, 'VALIDATION_FAILED', `${method} description ${value}`)
      expect(JSON.parse(response.text)).toMatchObject({ detail: [{ field: 'description' }] })
    }
    await unchanged(`description ${value}`)
  })

  it.each(['"true"', '"false"', '1', '0', '"yes"', '[]', '{}', '[true]'])('refuses %s where a boolean completed is expected, on PUT and PATCH, with 422', async (value) => {
    for (const [method, body] of [
      ['PUT', `{"title":"ok","completed":${value}}`],
      ['PATCH', `{"completed":${value}}`],
    ] as const) {
      const response = await send(method, writePath(method), { body })
      await expectRefused(response, 422, 'VALIDATION_FAILED', `${method} completed ${value}`)
      expect(JSON.parse(response.text)).toMatchObject({ detail: [{ field: 'completed' }] })
    }
    await unchanged(`completed ${value}`)
  })

  it.each(['null', '42', '"a string"', 'true', '[]', '[{"title":"in an array"}]'])('refuses a whole body of %s with 422', async (body) => {
    for (const method of WRITES) await expectRefused(await send(method, writePath(method), { body }), 422, 'VALIDATION_FAILED', `${method} ${body}`)
    await unchanged(`body ${body}`)
  })

  it('refuses duplicate keys when the last one is invalid, or with an unknown key among them', async () => {
    for (const [method, body] of [
      ['POST', '{"title":"valid first","title":42}'],
      ['POST', '{"title":"x","title":"y","user_id":"someone-else","user_id":"again"}'],
      ['PUT', '{"title":"ok","completed":true,"completed":"no"}'],
      ['PATCH', '{"completed":false,"completed":null}'],
    ] as const) {
      await expectRefused(await send(method, writePath(method), { body }), 422, 'VALIDATION_FAILED', `${method} ${body}`)
    }
    await unchanged('duplicate keys')
  })

  const traversal = [
    '..%2F..%2Fetc%2Fpasswd',
    '..%2f..%2f..%2f..%2fetc%2fpasswd',
    '%2e%2e',
    '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    '%252e%252e%252fetc%252fpasswd',
    '..%5C..%5Cwindows%5Cwin.ini',
    '..%c0%af..%c0%afetc%c0%afpasswd',
    '....%2F%2F....%2F%2Fetc%2Fpasswd',
    '..;',
    '%00',
    'x%00y',
    'TARGET%00',
    'TARGET%00.json',
    'TARGET%2F..',
    'TARGET%20',
    '%20TARGET',
    '%',
    '%zz',
    '%ff%fe',
    "TARGET'%20OR%20'1'%3D'1",
    '..%2F..%2FOTHER_USER%2Ftasks',
  ]
  it.each(traversal)('answers 404 in the error shape for a task id of %s on every task route', async (raw) => {
    const id = raw.replaceAll('TARGET', target.id).replaceAll('OTHER_USER', writer.userId)
    const base = `/api/${refuser.userId}/tasks`
    for (const [method, path, body] of [
      ['GET', `${base}/${id}`, undefined],
      ['PUT', `${base}/${id}`, '{"title":"traversed"}'],
      ['PATCH', `${base}/${id}/complete`, '{"completed":true}'],
      ['DELETE', `${base}/${id}`, undefined],
    ] as const) {
      await expectRefused(await send(method, path, { body }), 404, ['TASK_NOT_FOUND', 'NOT_FOUND'], `${method} ${path}`)
    }
    await unchanged(`traversal ${raw}`)
  })

  const sqlQueries = [
    "sort='; DROP TABLE tasks; --",
    'sort=" OR 1=1 --',
    'sort=created_at; DROP TABLE tasks',
    'sort=title desc',
    'sort=title,id',
    "status=all' OR '1'='1",
    'status=" OR 1=1 --',
    "order=asc; DROP TABLE tasks; --",
    "limit=1; DROP TABLE tasks; --",
    'limit=1 OR 1=1',
    'limit=" OR 1=1 --',
    'limit=-1',
    "cursor='; DROP TABLE tasks; --",
    'cursor=" OR 1=1 --',
    `cursor=${Buffer.from(JSON.stringify({ s: 'created_at', o: 'desc', f: 'all', v: "'; DROP TABLE tasks; --", i: '00000000-0000-4000-8000-000000000000' })).toString('base64url')}`,
    `cursor=${Buffer.from(JSON.stringify({ s: 'created_at', o: 'desc', f: 'all', v: '2024-01-01T00:00:00.000Z', i: "' OR 1=1 --" })).toString('base64url')}`,
    `cursor=${Buffer.from(JSON.stringify({ s: "title' OR 1=1 --", o: 'desc', f: 'all', v: 'x', i: '00000000-0000-4000-8000-000000000000' })).toString('base64url')}`,
    "'; DROP TABLE tasks; --=1",
    'user_id=%27%20OR%201%3D1%20--',
  ]
  it.each(sqlQueries)('answers 422 in the error shape for the query %s', async (query) => {
    const [name, ...rest] = query.split('=')
    const encoded = `${encodeURIComponent(name ?? '')}=${rest.join('=').includes('%') ? rest.join('=') : encodeURIComponent(rest.join('='))}`
    await expectRefused(await send('GET', `/api/${refuser.userId}/tasks?${encoded}`), 422, 'VALIDATION_FAILED', query)
    await unchanged(query)
  })

  it('binds an SQL payload inside a well-formed title cursor as a value: 200, own tasks only', async () => {
    for (const value of ["'; DROP TABLE tasks; --", '" OR 1=1 --', "zzz' OR user_id <> '"]) {
      const cursor = Buffer.from(JSON.stringify({ s: 'title', o: 'desc', f: 'all', v: value, i: '00000000-0000-4000-8000-000000000000' })).toString('base64url')
      const response = await send('GET', `/api/${refuser.userId}/tasks?sort=title&cursor=${cursor}`)
      expect(response.status).toBe(200)
      // Which titles sort before the value depends on the collation; that they are all one's own does not.
      const page = JSON.parse(response.text) as { tasks: Task[] }
      expect(page.tasks.every((task) => task.user_id === refuser.userId && ['keep-one', 'keep-two', 'target'].includes(task.title))).toBe(true)
    }
    await unchanged('title cursor')
  })
})

describe('accepted text is stored and returned verbatim', () => {
  const sql = ["'; DROP TABLE tasks; --", '" OR 1=1 --', "' OR '1'='1' --", '1; SELECT pg_sleep(5); --', '$$; DROP TABLE tasks; $$', "\\'; DROP TABLE tasks; --", "%' OR 1=1 --", "Robert'); DROP TABLE tasks;--"]
  const html = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '"><svg onload=alert(1)>',
    "javascript:alert('x')",
    '</textarea><script>alert(1)</script>',
    '&lt;script&gt;alert(1)&lt;/script&gt;',
    '{{constructor.constructor("alert(1)")()}}',
    '<iframe srcdoc="<script>parent.alert(1)</script>">',
  ]
  const unicode = [
    'bell \u0007 escape \u001b[31mred\u001b[0m del \u007f',
    'tab\tinside and \u0001\u0002\u0003 low controls',
    '4-byte emoji 🍪🧑‍💻𝄞🏳️‍🌈 and a flag 🇳🇱',
    'right-to-left \u202eoverride\u202c, zero width \u200b\u200d, BOM-like \ufeff inside',
    'line\u2028separator and paragraph\u2029separator',
    'combining é (e + U+0301) vs é',
    '🍪'.repeat(100),
  ]

  const stored = async (payload: { title: string; description: string | null }, method: 'POST' | 'PUT', taskId?: string) => {
    const path = method === 'POST' ? `/api/${writer.userId}/tasks` : `/api/${writer.userId}/tasks/${taskId}`
    const body = JSON.stringify(payload)
    const response = await send(method, path, { body, user: writer })
    expect(response.status, `${method} ${body}: ${response.text.slice(0, 300)}`).toBe(method === 'POST' ? 201 : 200)
    expect(String(response.headers['content-type'])).toMatch(/^application\/json/)
    const task = JSON.parse(response.text) as Task
    expect(task).toMatchObject(payload)
    // Byte for byte: the JSON string of each value appears in the raw answer exactly as JSON.stringify writes it.
    for (const value of [payload.title, payload.description]) if (value) expect(response.body.includes(Buffer.from(JSON.stringify(value)))).toBe(true)
    const fetched = await send('GET', `/api/${writer.userId}/tasks/${task.id}`, { user: writer })
    expect(JSON.parse(fetched.text)).toEqual(task)
    for (const value of [payload.title, payload.description]) if (value) expect(fetched.body.includes(Buffer.from(JSON.stringify(value)))).toBe(true)
    return task
  }

  it.each([...sql, ...html])('stores %s as title and description, on create and on update', async (payload) => {
    const task = await stored({ title: payload, description: `${payload} (description)` }, 'POST')
    await stored({ title: `${payload} (updated)`, description: payload }, 'PUT', task.id)
  })

  it.each(unicode)('stores %j verbatim', async (payload) => {
    const task = await stored({ title: payload, description: payload.repeat(2) }, 'POST')
    await stored({ title: payload, description: null }, 'PUT', task.id)
  })

  it('counts title length in code points: 200 four-byte emoji fit (and come back verbatim), 201 do not', async () => {
    await stored({ title: '🍪'.repeat(200), description: '𝄞'.repeat(1000) }, 'POST')
    for (const body of [{ title: '🍪'.repeat(201) }, { title: 'ok', description: '𝄞'.repeat(1001) }]) {
      const response = await send('POST', `/api/${writer.userId}/tasks`, { body: JSON.stringify(body), user: writer })
      await expectRefused(response, 422, 'VALIDATION_FAILED', `${Object.keys(body).join()} too long`)
    }
  })

  it('takes the last of duplicate keys, as JSON.parse does, and writes exactly one task', async () => {
    const list = async () => ((await (await apiCall(api.url, writer.cookie)('GET', `/api/${writer.userId}/tasks?limit=100`)).json()) as { tasks: Task[] }).tasks
    const before = (await list()).length
    const created = await send('POST', `/api/${writer.userId}/tasks`, { body: '{"title":"first","title":"second","description":"a","description":null}', user: writer })
    expect(created.status).toBe(201)
    const task = JSON.parse(created.text) as Task
    expect(task).toMatchObject({ title: 'second', description: null, completed: false })
    const updated = await send('PUT', `/api/${writer.userId}/tasks/${task.id}`, { body: '{"title":"third","completed":true,"completed":false}', user: writer })
    expect(JSON.parse(updated.text)).toMatchObject({ title: 'third', completed: false })
    expect((await list()).length).toBe(before + 1)
  })

  it('lists and sorts the stored payloads, and the tasks table is still there', async () => {
    const response = await apiCall(api.url, writer.cookie)('GET', `/api/${writer.userId}/tasks?sort=title&order=asc&limit=100`)
    expect(response.status).toBe(200)
    const { tasks } = (await response.json()) as { tasks: Task[] }
    // One task per payload, plus the 200-emoji task and the duplicate-keys task.
    expect(tasks.length).toBe(sql.length + html.length + unicode.length + 2)
    expect(tasks.every((task) => task.user_id === writer.userId)).toBe(true)
    expect(await snapshot()).toMatchObject({ counts: { all: 3 } })
  })
})

