import { createMigratedDatabase, type ThrowawayDatabase } from '@tasklane/test-kit/postgres-database'
import { setTimeout as sleep } from 'node:timers/promises'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { BROWSER_AUTH_ENDPOINTS } from '../../apps/web/lib/auth-allowlist.server.ts'
import { insertPasskeys } from '../support/passkey-rows.ts'
import { noteSecrets } from '../support/service-logs.ts'
import { createHmac } from 'node:crypto'
import { type RunningService, type TestUser, TEST_SECRET, TRUSTED_ORIGIN, apiCall, signIn, signOut, signUp, sessionCookie, startApi, startAuth, startWebForwarder } from '../support/test-stack.ts'
import { type Fingerprinter, changedTables, describeChange, openFingerprinter } from './database-fingerprint.ts'
import {
  type EncodedBody,
  brokenEscapes,
  contentTypes,
  encodedBody,
  forgedCursor,
  hostileUrlText,
  latin1Text,
  objectBodyText,
  oddBodyText,
  originHeader,
  pathSegment,
  percentEncode,
  utf8AsLatin1,
} from './fuzz-inputs.ts'
import { type RawResponse, errorKeys, rawRequest } from './raw-request.ts'

/**
 * Hostile input on every route (docs/security.md): the api's routes as its /openapi.json declares them, and the auth
 * endpoints the web origin allows (apps/web/lib/auth-allowlist.server.ts), each sent generated path ids, query strings,
 * headers and bodies, both straight to its service and through the web origin's forwarding. Two properties, checked on
 * every single answer:
 * - no answer is a 5xx, and every refusal is in the one error shape, request_id equal to X-Request-Id. Exceptions, as
 *   they are: Better Auth's own refusals on its routes are `{ code, message }` (429: `{ message }`), passed through;
 *   straight to auth, a method its endpoint does not have is Better Auth's empty 404 (the web origin answers those
 *   itself); a Host header @hono/node-server cannot make a URL of is its empty 400, before any Tasklane code.
 * - a refused request (≥ 400) writes nothing: the whole database (every row of every table in `public`: tasks, user,
 *   session, account, verification, rate_limit, and any table added later) is fingerprinted before and after each
 *   request, one request at a time. Only tables whose job is to count refused attempts may change on a refusal, on the
 *   routes that count: the per-account sign-in throttle on a failed sign-in, the rate limiter's table when it is on.
 *
 * What the older files already pin down one case at a time (malformed-input, malformed-text, forged-cursors,
 * hostile-cookies, auth-allowlist) is mixed here at random, across routes, through both doors, with several hostile
 * parts in one request. The database is this file's own, so the fingerprint sees only its requests.
 *
 * Rate limits: the fuzz runs against an auth with RATE_LIMIT_ENABLED=false and a per-account throttle that never
 * triggers. Through the web origin every request comes from one address, so after 5 sign-in or sign-up attempts in
 * 10 s every later one would be a 429 and never reach Better Auth's validation, the password check or the database;
 * and a few failed sign-ins for the test's own users would lock them out. A short second run turns limits on, stored in
 * the database, to check that a 429 is neither a 5xx nor a write (but its counter).
 *
 * Account settings: no generated request may lock a party out or delete it, or every later request would aim at
 * nobody. A new password is only ever the party's own (a change that changes nothing) or one the rules refuse; a
 * delete-user password is never the right one, and auth runs with SESSION_FRESH_AGE=1 while every session the parties
 * hold is older than that (each sign-in here waits it out), so no delete succeeds: delete-user is only ever refused
 * here, and its success is tested in tests/integration/account-settings.test.ts.
 *
 * The seed is fixed and printed; replay or vary it with FUZZ_EVERY_ROUTE_SEED (and FUZZ_EVERY_ROUTE_RUNS).
 */

const SEED = Number(process.env.FUZZ_EVERY_ROUTE_SEED ?? 20_261_201)
// Enough for every route through every door at least 10 times (lists, export, the account settings, two-factor and passkeys included).
const RUNS = Number(process.env.FUZZ_EVERY_ROUTE_RUNS ?? 2400)
const LIMITED_RUNS = 200
/** Seconds a session counts as fresh (delete-user without a password): the least there is, waited out after each sign-in. */
const FRESH_AGE = '1'
const FRESH_AGE_WAIT_MS = 1_200
/**
 * Routes a successful request to would end the fuzz's own parties (see above), and routes that need a fresh session,
 * which the parties never hold for that reason (adding a passkey: its options are refused for a session older than
 * SESSION_FRESH_AGE), and reset-password, whose token only comes by email. Each is served in its own tests.
 */
const NEVER_SERVED_HERE: ReadonlySet<string> = new Set(['POST /api/auth/delete-user', 'GET /api/auth/passkey/generate-register-options', 'POST /api/auth/reset-password'])

type Via = 'web' | 'direct'
type PartyName = 'owner' | 'other'
const PARTIES: readonly PartyName[] = ['owner', 'other']

interface Party {
  user: TestUser
  /** Passkeys written for this party before the fuzz (a real one needs an authenticator), to rename, remove and aim at. */
  passkeyIds: string[]
  /** A live session cookie; replaced when the fuzz signs it out or signs in over it. */
  cookie: string
  taskIds: string[]
  /** The party's lists, aimed at by the lists routes' `{id}` and by `list_id`/`list` fields. */
  listIds: string[]
}

interface JsonSchema {
  $ref?: string
  anyOf?: JsonSchema[]
  const?: unknown
  type?: string | string[]
  enum?: unknown[]
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  format?: string
  properties?: Record<string, JsonSchema>
  required?: string[]
}

interface OpenApiOperation {
  parameters?: { name: string; in: 'path' | 'query'; schema: JsonSchema }[]
  requestBody?: { required?: boolean; content: { 'application/json': { schema: JsonSchema } } }
  responses: Record<string, unknown>
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>
  components: { schemas: Record<string, JsonSchema> }
}

interface BodyField {
  value: fc.Arbitrary<string>
  required: boolean
}

interface RouteSpec {
  /** `METHOD /path`, as the OpenAPI document or the web allowlist names it. */
  label: string
  service: 'api' | 'auth'
  method: string
  template: string
  /** The web origin forwards the tasks and auth routes; health is the api's own. */
  vias: readonly Via[]
  /** Each query parameter, with a generator of valid values. */
  query: Record<string, fc.Arbitrary<string>>
  /** The JSON body's fields, each a generator of JSON fragments; undefined when the route takes no body. */
  body: Record<string, BodyField> | undefined
  /** Whole bodies that must pass, where fields chosen one by one rarely would (an email with its own password). */
  validBodies?: fc.Arbitrary<string>
  /** Whole query strings that pass, for a route with a required parameter that a mix of hostile pairs rarely leaves valid. */
  validQueries?: fc.Arbitrary<string>
  /** Whether the route's declaration lists any 4xx: then the fuzz must have provoked one. */
  refuses: boolean
  /**
   * Why the fuzz cannot be expected to see this route succeed, and where a test does: it needs a secret only a real
   * authenticator holds (a TOTP code, a backup code, a WebAuthn signature).
   */
  servedElsewhere?: string
}

type TaskRef = { of: PartyName; pick: number } | { segment: string }
type CookiePiece = { live: PartyName } | { dead: true } | { raw: string }

/** One generated request; session cookies and task ids are named, and looked up when it is sent. */
interface Planned {
  route: string
  via: Via
  method: string
  userSegment: string
  task: TaskRef | undefined
  query: string
  cookie: { pieces: CookiePiece[]; separator: string; lines: boolean } | undefined
  origin: string | undefined
  secFetchSite: string | undefined
  contentType: string | undefined
  extra: Record<string, string>
  body: EncodedBody | undefined
  chunkBytes: number | undefined
}

interface Exchange {
  planned: Planned
  service: 'api' | 'auth'
  method: string
  path: string
  headers: Record<string, string | string[]>
  response: RawResponse
}

let database: ThrowawayDatabase
let fingerprinter: Fingerprinter
let auth: RunningService
let api: RunningService
let web: RunningService
let document: OpenApiDocument
let issuedCursor: string
/** A session that was signed out: refused everywhere. */
let deadCookie: string
const parties = {} as Record<PartyName, Party>

beforeAll(async () => {
  database = await createMigratedDatabase(inject('databaseUrl'), 'fuzz_routes')
  // Neither the per-address rate limit nor the per-account sign-in throttle may stop the fuzz short of the handlers.
  auth = await startAuth({ DATABASE_URL: database.url, RATE_LIMIT_ENABLED: 'false', ACCOUNT_SIGN_IN_FREE_FAILURES: '1000000', SESSION_FRESH_AGE: FRESH_AGE })
  api = await startApi(auth.url, { DATABASE_URL: database.url })
  web = await startWebForwarder(auth.url, api.url)
  const [owner, other] = await Promise.all([signUp(auth.url), signUp(auth.url)])
  for (const [name, user] of [['owner', owner], ['other', other]] as const) {
    parties[name] = { user, cookie: user.cookie, taskIds: [], listIds: [], passkeyIds: await insertPasskeys(database.url, user.userId, 3) }
  }
  for (const name of PARTIES) await keepTasks(name, 3)
  for (const name of PARTIES) await keepLists(name, 2)
  const page = await apiCall(api.url, owner.cookie)('GET', `/api/${owner.userId}/tasks?limit=1`)
  issuedCursor = ((await page.json()) as { next_cursor: string }).next_cursor
  const signedIn = await signIn(auth.url, owner)
  deadCookie = sessionCookie(signedIn)
  expect((await signOut(auth.url, deadCookie)).status).toBe(200)
  document = (await (await fetch(`${api.url}/openapi.json`)).json()) as OpenApiDocument
  fingerprinter = await openFingerprinter(database.url)
  await sleep(FRESH_AGE_WAIT_MS)
})
afterAll(async () => {
  await fingerprinter?.close()
  await web?.close()
  await api?.close()
  await auth?.close()
  await database?.drop()
})

/** Reads each party's task ids again, after a write that may have made or removed some (bulk routes included). */
async function syncTasks(): Promise<void> {
  for (const name of PARTIES) {
    const party = parties[name]
    const listed = await apiCall(api.url, party.cookie)('GET', `/api/${party.user.userId}/tasks?limit=100`)
    expect(listed.status).toBe(200)
    party.taskIds = ((await listed.json()) as { tasks: { id: string }[] }).tasks.map((task) => task.id)
  }
}

/** Reads each party's list ids again, after a write that may have made or removed some. */
async function syncLists(): Promise<void> {
  for (const name of PARTIES) {
    const party = parties[name]
    const listed = await apiCall(api.url, party.cookie)('GET', `/api/${party.user.userId}/lists`)
    expect(listed.status).toBe(200)
    party.listIds = ((await listed.json()) as { lists: { id: string }[] }).lists.map((list) => list.id)
  }
}

/** Tops a party's lists up to `count`, so list ids of both users stay there to aim at. */
async function keepLists(name: PartyName, count: number): Promise<boolean> {
  const party = parties[name]
  const had = party.listIds.length
  while (party.listIds.length < count) {
    const created = await apiCall(api.url, party.cookie)('POST', `/api/${party.user.userId}/lists`, { name: `kept ${crypto.randomUUID()}`.slice(0, 40) })
    expect(created.status).toBe(201)
    party.listIds.push(((await created.json()) as { id: string }).id)
  }
  return party.listIds.length > had
}

/** Tops a party's tasks up to `count`, so task ids of both users stay there to aim at. */
async function keepTasks(name: PartyName, count: number): Promise<boolean> {
  const party = parties[name]
  const had = party.taskIds.length
  while (party.taskIds.length < count) {
    const created = await apiCall(api.url, party.cookie)('POST', `/api/${party.user.userId}/tasks`, { title: `kept ${party.taskIds.length}`, description: 'a target' })
    expect(created.status).toBe(201)
    party.taskIds.push(((await created.json()) as { id: string }).id)
  }
  return party.taskIds.length > had
}

/** Signs a party in again when the fuzz ended its session (a sign-out, or a sign-in over its cookie). */
async function keepSessions(): Promise<boolean> {
  let signedIn = false
  for (const name of PARTIES) {
    const party = parties[name]
    const check = await fetch(`${auth.url}/api/auth/get-session`, { headers: { cookie: party.cookie } })
    if ((await check.json()) !== null) continue
    party.cookie = sessionCookie(await signIn(auth.url, party.user))
    signedIn = true
  }
  if (signedIn) await sleep(FRESH_AGE_WAIT_MS)
  return signedIn
}

// Routes and what each takes

/** The body's declared properties, from the document, `$ref`s resolved. */
function resolve(schema: JsonSchema): JsonSchema {
  const name = schema.$ref?.replace('#/components/schemas/', '')
  return name === undefined ? schema : (document.components.schemas[name] ?? schema)
}

/** Values a schema accepts, and the ones just past each bound it declares. */
function declaredValues(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum)
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map(declaredValues))
  const types = [schema.type ?? []].flat()
  const options: fc.Arbitrary<unknown>[] = []
  if (types.includes('null')) options.push(fc.constant(null))
  if (types.includes('boolean')) options.push(fc.boolean())
  if (types.includes('integer')) {
    const min = schema.minimum ?? -1000
    const max = schema.maximum ?? 1000
    options.push(fc.integer({ min, max }), fc.integer({ min, max }), fc.constantFrom(min, max, min - 1, max + 1))
  }
  if (types.includes('string')) {
    const min = schema.minLength ?? 0
    const max = schema.maxLength ?? 100
    const valid = schema.format === 'uuid' ? fc.uuid() : fc.string({ minLength: min, maxLength: Math.min(max, 40) })
    options.push(valid, valid, fc.constantFrom('x'.repeat(max), 'x'.repeat(max + 1)))
  }
  return fc.oneof(...options)
}

const stringValue = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value))
const rawNumbers = fc.constantFrom('1e400', '-1', '0', '1.5', '1e2', ' 5', '0x10', 'NaN', 'Infinity', '9007199254740993', '-0', '')
const hostileQueryValue = fc.oneof(hostileUrlText, rawNumbers, forgedCursor, fc.constant('x'.repeat(1100)))

function apiRoutes(): RouteSpec[] {
  return Object.entries(document.paths).flatMap(([template, operations]) =>
    Object.entries(operations).map(([method, operation]): RouteSpec => {
      const query = Object.fromEntries(
        (operation.parameters ?? [])
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => {
            const valid = declaredValues(parameter.schema).map(stringValue)
            // A string parameter named cursor gets what a client would send there: one the api issued, or a forgery.
            return [parameter.name, parameter.name === 'cursor' ? fc.oneof(fc.constant(issuedCursor), forgedCursor, valid) : valid]
          }),
      )
      const bodySchema = operation.requestBody && resolve(operation.requestBody.content['application/json'].schema)
      const body =
        bodySchema &&
        Object.fromEntries(
          Object.entries(bodySchema.properties ?? {}).map(([name, schema]) => [
            name,
            { value: declaredValues(schema).map((value) => JSON.stringify(value)), required: bodySchema.required?.includes(name) ?? false },
          ]),
        )
      return {
        label: `${method.toUpperCase()} ${template}`,
        service: 'api',
        method: method.toUpperCase(),
        template,
        vias: template.startsWith('/api/') ? ['web', 'direct'] : ['direct'],
        query,
        body,
        validBodies: knownGoodBodies()[`${method.toUpperCase()} ${template}`],
        validQueries: KNOWN_GOOD_QUERIES[`${method.toUpperCase()} ${template}`],
        refuses: Object.keys(operation.responses).some((status) => status.startsWith('4')),
      }
    }),
  )
}

/** Query strings that pass, for routes whose required parameter the generated queries rarely leave alone. */
const KNOWN_GOOD_QUERIES: Record<string, fc.Arbitrary<string>> = {
  'DELETE /api/{userId}/lists/{id}': fc.constantFrom('?tasks=inbox', '?tasks=delete'),
}

/**
 * Bodies that succeed, for routes whose generated bodies rarely do (every field random, or ids that name no task or list
 * of the user), so each route is also seen answering 2xx. A task is moved into the owner's lists as they were when the
 * fuzz began (one deleted since is a 404 like any other).
 */
function knownGoodBodies(): Record<string, fc.Arbitrary<string>> {
  const intoList = fc.constantFrom(null, ...parties.owner.listIds).map((id) => JSON.stringify({ list_id: id }))
  return {
    'POST /api/{userId}/tasks/complete-all': fc.constantFrom('{"completed":true}', '{"completed":false}'),
    'POST /api/{userId}/tasks/{id}/move': fc.constant('{"before_id":null,"after_id":null}'),
    'PATCH /api/{userId}/tasks/{id}': fc.oneof(fc.constantFrom('{"priority":"high"}', '{"completed":false}'), intoList),
    'POST /api/{userId}/lists/{id}/move': fc.constant('{"before_id":null,"after_id":null}'),
  }
}

/**
 * What each allowed auth endpoint takes (Better Auth 1.7's email-and-password, session, two-factor and passkey endpoints). Better Auth
 * serves no document of its own here, so this table is written out; the test fails when the allowlist gains an
 * endpoint it does not describe.
 */
function authInputs(): Record<string, Pick<RouteSpec, 'query' | 'body' | 'validBodies' | 'servedElsewhere'>> {
  const { owner, other } = parties
  const json = (arbitrary: fc.Arbitrary<unknown>) => arbitrary.map((value) => JSON.stringify(value))
  const freshPassword = fc.stringMatching(/^[a-z0-9]{16}$/).map((text) => `pw-${text}`)
  const email = json(
    fc.oneof(
      { arbitrary: fc.constantFrom(owner.user.email, other.user.email), weight: 3 },
      { arbitrary: fc.stringMatching(/^[a-z0-9]{10}$/).map((local) => `fuzz-${local}@example.com`), weight: 3 },
      { arbitrary: fc.mixedCase(fc.constant(owner.user.email)), weight: 1 },
      { arbitrary: fc.constantFrom(` ${owner.user.email} `, `${owner.user.email}\u0000`, 'a@b', '@example.com', `${'a'.repeat(300)}@example.com`, 'ünïcødé@exämple.com'), weight: 1 },
    ),
  )
  const password = json(
    fc.oneof(
      { arbitrary: fc.constantFrom(owner.user.password, other.user.password), weight: 3 },
      { arbitrary: freshPassword, weight: 3 },
      { arbitrary: fc.constantFrom('short', 'x'.repeat(128), 'x'.repeat(129), 'wrong-password-1', `${owner.user.password}\u0000`), weight: 1 },
    ),
  )
  const resetTokenValue = fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{24}$/), fc.constantFrom('', 'x'.repeat(2000), '../reset', '%00'))
  // Signed with another secret, not a token at all, a JWT with no signature, a JWT claiming a change of address; and one
  // auth signed itself (as in a verification email), so the route is seen serving too.
  const verificationToken = fc.constantFrom(
    verificationTokenFor(owner.user.email, owner.user.userId),
    'not-a-token',
    'eyJhbGciOiJIUzI1NiJ9.eyJlbWFpbCI6ImFAZXhhbXBsZS5jb20ifQ.c2lnbmF0dXJl',
    'eyJhbGciOiJub25lIn0.eyJlbWFpbCI6ImFAZXhhbXBsZS5jb20ifQ.',
    'eyJhbGciOiJIUzI1NiJ9.eyJyZXF1ZXN0VHlwZSI6ImNoYW5nZS1lbWFpbC12ZXJpZmljYXRpb24iLCJlbWFpbCI6ImFAZXhhbXBsZS5jb20iLCJ1cGRhdGVUbyI6ImJAZXhhbXBsZS5jb20iLCJ1c2VySWQiOiJ4In0.c2ln',
    '',
  )
  const callbackURLValue = fc.constantFrom('/dashboard', 'https://evil.example/steal', '//evil.example', 'javascript:alert(1)')
  const callbackURL = json(fc.constantFrom('/dashboard', `${TRUSTED_ORIGIN}/dashboard`, 'https://evil.example/steal', '//evil.example', 'javascript:alert(1)', ''))
  const flag = fc.oneof(fc.constantFrom('true', 'false'), hostileQueryValue)
  const signInAs = fc.constantFrom(owner, other).map(({ user }) => JSON.stringify({ email: user.email, password: user.password }))
  // Never a password that would change anything: refused by the rules, or (in validBodies) the party's own.
  const refusedNewPassword = json(fc.constantFrom('short', '', 'x'.repeat(129), 7, null))
  // Not the password followed by NUL: scrypt keys its HMAC with the password padded with zero bytes, so trailing NULs
  // are the same password (it deleted the owner once). A leading one is another password.
  const wrongPassword = json(fc.oneof(freshPassword, fc.constantFrom('short', 'x'.repeat(129), `\u0000${owner.user.password}`, 12)))
  const sameAgain = fc.constantFrom(owner, other).map(({ user }) => JSON.stringify({ currentPassword: user.password, newPassword: user.password, revokeOtherSessions: false }))
  const sessionId = json(fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9]{32}$/), fc.constantFrom('', 'x'.repeat(256), 0, null)))
  const otpCode = json(fc.oneof(fc.stringMatching(/^\d{6}$/), fc.stringMatching(/^[a-zA-Z0-9]{5}-[a-zA-Z0-9]{5}$/), fc.constantFrom('', '000000', '1234567', ' 123 456 '), fc.string({ maxLength: 40 })))
  const passkeyIds = [...owner.passkeyIds, ...other.passkeyIds]
  const passkeyId = json(fc.oneof(fc.constantFrom(...passkeyIds), fc.uuid(), fc.constantFrom('', '%', '../x', 'a'.repeat(300))))
  const passkeyName = json(fc.oneof(fc.stringMatching(/^[a-zA-Z ]{1,30}$/), fc.constantFrom('', '   ', 'x'.repeat(101), 'ünïcødé 🔑', '<script>x</script>'), fc.string({ maxLength: 120 })))
  // What a browser's answer to a WebAuthn ceremony looks like, and what it must not.
  const webAuthnResponse = json(
    fc.oneof(
      fc.record({ id: fc.base64String({ maxLength: 44 }), rawId: fc.base64String({ maxLength: 44 }), type: fc.constantFrom('public-key', 'x'), response: fc.record({ clientDataJSON: fc.base64String({ maxLength: 200 }), attestationObject: fc.base64String({ maxLength: 200 }), authenticatorData: fc.base64String({ maxLength: 100 }), signature: fc.base64String({ maxLength: 100 }) }), clientExtensionResults: fc.constant({}) }),
      fc.constantFrom({}, [], null, 'response', { id: null }),
    ),
  )
  const freshSignUp = fc
    .tuple(fc.stringMatching(/^[a-z0-9]{10}$/), freshPassword)
    .map(([local, fresh]) => JSON.stringify({ name: 'Fuzz User', email: `fuzz-${local}@example.com`, password: fresh }))
  return {
    'GET get-session': { query: { disableCookieCache: flag, disableRefresh: flag }, body: undefined },
    'POST sign-up/email': {
      query: {},
      body: {
        name: { value: json(fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constant('Test User'))), required: true },
        email: { value: email, required: true },
        password: { value: password, required: true },
        image: { value: json(fc.constantFrom('https://example.com/me.png', null, '')), required: false },
        callbackURL: { value: callbackURL, required: false },
        rememberMe: { value: json(fc.boolean()), required: false },
      },
      validBodies: freshSignUp,
    },
    'POST sign-in/email': {
      query: {},
      body: {
        email: { value: email, required: true },
        password: { value: password, required: true },
        callbackURL: { value: callbackURL, required: false },
        rememberMe: { value: json(fc.boolean()), required: false },
      },
      validBodies: signInAs,
    },
    'POST sign-out': { query: {}, body: {} },
    'POST update-user': {
      query: {},
      body: {
        name: { value: json(fc.oneof(fc.string({ minLength: 0, maxLength: 110 }), fc.constantFrom('Test User', ' ', 'x'.repeat(100), 'x'.repeat(101), 5, null))), required: true },
        image: { value: json(fc.constantFrom('https://example.com/me.png', null)), required: false },
        email: { value: email, required: false },
      },
      validBodies: fc.string({ minLength: 1, maxLength: 40 }).filter((name) => name.trim() !== '').map((name) => JSON.stringify({ name })),
    },
    'POST change-password': {
      query: {},
      body: {
        currentPassword: { value: password, required: true },
        newPassword: { value: refusedNewPassword, required: true },
        revokeOtherSessions: { value: json(fc.oneof(fc.boolean(), fc.constantFrom('yes', 1, null))), required: false },
      },
      validBodies: sameAgain,
    },
    'GET list-own-sessions': { query: {}, body: undefined },
    'POST revoke-own-session': { query: {}, body: { id: { value: sessionId, required: true } } },
    'POST revoke-other-sessions': { query: {}, body: {} },
    'POST delete-user': {
      query: {},
      body: {
        password: { value: wrongPassword, required: false },
        token: { value: json(fc.constantFrom('', 'not-a-token', 'x'.repeat(300), 3)), required: false },
        callbackURL: { value: callbackURL, required: false },
      },
    },
    'POST two-factor/enable': {
      query: {},
      body: { password: { value: password, required: true }, method: { value: json(fc.constantFrom('totp', 'otp', 'sms', '')), required: false }, issuer: { value: json(fc.string({ maxLength: 40 })), required: false } },
      validBodies: fc.constantFrom(owner, other).map(({ user }) => JSON.stringify({ password: user.password })),
    },
    'POST two-factor/disable': {
      query: {},
      body: { password: { value: password, required: true } },
      validBodies: fc.constantFrom(owner, other).map(({ user }) => JSON.stringify({ password: user.password })),
    },
    'POST two-factor/verify-totp': {
      query: {},
      body: { code: { value: otpCode, required: true }, trustDevice: { value: json(fc.boolean()), required: false } },
      servedElsewhere: 'needs a code from the secret only the authenticator app has: tests/integration/two-factor.test.ts',
    },
    'POST two-factor/verify-backup-code': {
      query: {},
      body: { code: { value: otpCode, required: true }, disableSession: { value: json(fc.boolean()), required: false }, trustDevice: { value: json(fc.boolean()), required: false } },
      servedElsewhere: 'needs one of the backup codes shown once: tests/integration/two-factor.test.ts',
    },
    'GET passkey/generate-register-options': {
      query: { authenticatorAttachment: fc.constantFrom('platform', 'cross-platform', 'both'), name: fc.string({ maxLength: 40 }), context: fc.string({ maxLength: 20 }) },
      body: undefined,
    },
    'POST passkey/verify-registration': {
      query: {},
      body: { response: { value: webAuthnResponse, required: true }, name: { value: passkeyName, required: false }, createSession: { value: json(fc.boolean()), required: false } },
      servedElsewhere: "needs an authenticator's attestation of the challenge: e2e/passkeys.test.ts",
    },
    'GET passkey/generate-authenticate-options': { query: {}, body: undefined },
    'POST passkey/verify-authentication': {
      query: {},
      body: { response: { value: webAuthnResponse, required: true } },
      servedElsewhere: "needs an authenticator's signature of the challenge: e2e/passkeys.test.ts",
    },
    'GET passkey/list-user-passkeys': { query: {}, body: undefined },
    'POST passkey/update-passkey': {
      query: {},
      body: { id: { value: passkeyId, required: true }, name: { value: passkeyName, required: true } },
      validBodies: fc.tuple(fc.constantFrom(...owner.passkeyIds, ...other.passkeyIds), fc.stringMatching(/^[a-z ]{1,20}$/)).map(([id, name]) => JSON.stringify({ id, name: `Key ${name}` })),
    },
    'POST passkey/delete-passkey': { query: {}, body: { id: { value: passkeyId, required: true } } },
    'POST request-password-reset': {
      query: {},
      body: { email: { value: email, required: true }, redirectTo: { value: callbackURL, required: false } },
      validBodies: json(fc.stringMatching(/^[a-z0-9]{10}$/).map((local) => ({ email: `fuzz-${local}@example.com` }))),
    },
    'POST reset-password': {
      query: { token: resetTokenValue },
      body: { token: { value: json(resetTokenValue), required: false }, newPassword: { value: password, required: true } },
    },
    'POST send-verification-email': {
      query: {},
      body: { email: { value: email, required: true }, callbackURL: { value: callbackURL, required: false } },
      validBodies: json(fc.stringMatching(/^[a-z0-9]{10}$/).map((local) => ({ email: `fuzz-${local}@example.com` }))),
    },
    'GET verify-email': { query: { token: verificationToken, callbackURL: callbackURLValue }, body: undefined },
    'POST change-email': {
      query: {},
      body: { newEmail: { value: email, required: true }, callbackURL: { value: callbackURL, required: false } },
      validBodies: json(fc.stringMatching(/^[a-z0-9]{10}$/).map((local) => ({ newEmail: `fuzz-${local}@example.com` }))),
    },
  }
}

/** A verification token as auth signs it (HS256 with its secret), for `email`: what a verification email carries. */
function verificationTokenFor(email: string, userId: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const unsigned = `${part({ alg: 'HS256' })}.${part({ email, userId, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 3600 })}`
  const token = `${unsigned}.${createHmac('sha256', TEST_SECRET).update(unsigned).digest('base64url')}`
  noteSecrets(token)
  return token
}

function authRoutes(): RouteSpec[] {
  const inputs = authInputs()
  expect(Object.keys(inputs).sort(), 'every endpoint the web origin allows is described here').toEqual([...BROWSER_AUTH_ENDPOINTS].sort())
  return [...BROWSER_AUTH_ENDPOINTS].map((endpoint) => {
    const [method = '', path = ''] = endpoint.split(' ')
    const { query, body, validBodies, servedElsewhere } = inputs[endpoint] as Pick<RouteSpec, 'query' | 'body' | 'validBodies' | 'servedElsewhere'>
    return { label: `${method} /api/auth/${path}`, service: 'auth', method, template: `/api/auth/${path}`, vias: ['web', 'direct'], query, body, validBodies, refuses: method === 'POST', servedElsewhere }
  })
}

// Generators

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']

function queryString(params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const names = Object.keys(params)
  const declared = names.map((name) => fc.tuple(fc.constant(name), fc.oneof({ arbitrary: params[name] as fc.Arbitrary<string>, weight: 4 }, { arbitrary: hostileQueryValue, weight: 1 })))
  const unknown = fc.tuple(fc.constantFrom('__proto__', 'constructor[prototype]', 'a', '', 'LIMIT', ...names.map((name) => `${name}[]`)), hostileQueryValue)
  const pair = fc.oneof({ arbitrary: unknown, weight: 1 }, ...declared.map((arbitrary) => ({ arbitrary, weight: 6 })))
  // Declared keys are drawn with replacement: repeated keys (`limit=1&limit=2`) come up often.
  const encoded = fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => `?${pairs.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join('&')}`)
  const broken = fc.tuple(encoded, brokenEscapes).map(([query, escape]) => `${query}${escape}`)
  return fc.oneof({ arbitrary: fc.constant(''), weight: 3 }, { arbitrary: encoded, weight: 6 }, { arbitrary: broken, weight: 1 }, { arbitrary: fc.constantFrom('?', '?&&', '?=', '?a', '?#frag'), weight: 1 })
}

function userSegments(): fc.Arbitrary<string> {
  const { owner, other } = parties
  return fc.oneof(
    { arbitrary: fc.constant(owner.user.userId), weight: 24 },
    { arbitrary: fc.constant(other.user.userId), weight: 3 },
    {
      arbitrary: fc.constantFrom(
        owner.user.userId.toUpperCase(),
        percentEncode(owner.user.userId).replace(/^./, (first) => `%${first.charCodeAt(0).toString(16)}`),
        `${owner.user.userId}%20`,
        `${owner.user.userId}%00`,
        `${owner.user.userId},${other.user.userId}`,
        'me',
      ),
      weight: 2,
    },
    { arbitrary: pathSegment(hostileUrlText).filter((segment) => segment !== '' && segment !== '.' && segment !== '..'), weight: 1 },
  )
}

const taskRefs: fc.Arbitrary<TaskRef> = fc.oneof(
  { arbitrary: fc.record({ of: fc.constant<PartyName>('owner'), pick: fc.nat() }), weight: 12 },
  { arbitrary: fc.record({ of: fc.constant<PartyName>('other'), pick: fc.nat() }), weight: 3 },
  {
    arbitrary: fc.record({
      segment: fc.oneof(
        fc.uuid().map((id) => id),
        fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'not-a-uuid', '{00000000-0000-4000-8000-000000000000}', 'counts', '0', '-1', '1e400'),
        pathSegment(hostileUrlText).filter((segment) => segment !== '' && segment !== '.' && segment !== '..'),
      ),
    }),
    weight: 3,
  },
)

const rawCookiePieces = fc.oneof(
  latin1Text(60).map((value) => `better-auth.session_token=${value}`),
  fc.constantFrom(
    `better-auth.session_token=${'a'.repeat(600)}`,
    'better-auth.session_token=',
    'better-auth.session_token=%E0%A4%A',
    'better-auth.session_token="quoted.value"',
    'better-auth.dont_remember=true',
    'better-auth.session_data=garbage',
    `__Secure-better-auth.session_token=${'b'.repeat(32)}.c2lnbmF0dXJl`,
    'garbage',
    ';;;',
    '=x',
    'a=b',
  ),
  fc.tuple(fc.stringMatching(/^[A-Za-z0-9]{32}$/), fc.base64String({ minLength: 44, maxLength: 44 })).map(([token, signature]) => `better-auth.session_token=${token}.${encodeURIComponent(signature)}`),
  latin1Text(100),
  // UTF-8 on the wire, as a browser would never send it but a script can.
  fc.constantFrom('é', '🍪', '\u202e', 'ünïcødé', '\u200b').map((text) => utf8AsLatin1(`better-auth.session_token=${text}`)),
)

const cookieHeaders = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 2 },
  {
    arbitrary: fc.record({
      pieces: fc.oneof(
        { arbitrary: fc.constantFrom<CookiePiece[]>([{ live: 'owner' }]), weight: 20 },
        { arbitrary: fc.constantFrom<CookiePiece[]>([{ live: 'other' }], [{ dead: true }]), weight: 2 },
        {
          arbitrary: fc.array(
            fc.oneof(
              { arbitrary: fc.constantFrom<CookiePiece>({ live: 'owner' }, { live: 'other' }, { dead: true }), weight: 1 },
              { arbitrary: rawCookiePieces.map((raw): CookiePiece => ({ raw })), weight: 2 },
            ),
            { minLength: 1, maxLength: 3 },
          ),
          weight: 3,
        },
      ),
      separator: fc.constantFrom('; ', '; ', ';', ', '),
      lines: fc.boolean(),
    }),
    weight: 12,
  },
)

/** Headers beyond the ones every request is built from: request ids, forwarding, encodings, connection handling. */
const extraHeaders = fc
  .array(
    fc.oneof(
      fc.tuple(fc.constant('x-request-id'), fc.oneof(fc.uuid(), latin1Text(40), fc.constant('x'.repeat(300)))),
      fc.tuple(fc.constant('x-forwarded-for'), fc.oneof(fc.constantFrom('1.2.3.4', '::1', '127.0.0.1, 10.0.0.1', 'unknown', ''), latin1Text(30))),
      fc.tuple(fc.constant('x-forwarded-host'), fc.oneof(fc.constant('evil.example'), latin1Text(20))),
      fc.tuple(fc.constant('accept'), fc.oneof(fc.constantFrom('application/json', 'text/html', '*/*;q=0', ''), latin1Text(30))),
      fc.tuple(fc.constant('accept-encoding'), fc.constantFrom('gzip', 'br', 'identity;q=0', 'x')),
      fc.tuple(fc.constant('content-encoding'), fc.constantFrom('gzip', 'br', 'identity', 'x')),
      fc.tuple(fc.constant('x-session-refresh'), fc.oneof(fc.constant('defer'), latin1Text(10))),
      fc.tuple(fc.constant('connection'), fc.constantFrom('close', 'keep-alive', 'keep-alive, cookie', 'x-request-id, origin')),
      fc.tuple(fc.constant('expect'), fc.constant('100-continue')),
      fc.tuple(fc.constant('host'), fc.oneof(fc.constantFrom('evil.example', 'localhost:3000', '[::1]:1', ''), latin1Text(20))),
      fc.tuple(fc.constant('user-agent'), latin1Text(200)),
      fc.tuple(latin1Text(12).map((name) => `x-${name.replaceAll(/[^A-Za-z0-9-]/g, '') || 'junk'}`), latin1Text(40)),
    ),
    { maxLength: 3 },
  )
  .map((pairs) => Object.fromEntries(pairs))

function plans(route: RouteSpec): fc.Arbitrary<Planned> {
  const hasBody = route.body !== undefined
  const bodyText = hasBody
    ? fc.oneof({ arbitrary: objectBodyText(route.body ?? {}), weight: 9 }, { arbitrary: oddBodyText, weight: 1 }, ...(route.validBodies ? [{ arbitrary: route.validBodies, weight: 9 }] : []))
    : fc.oneof(fc.constant('{}'), oddBodyText)
  const body = fc.oneof(
    { arbitrary: fc.constant(undefined), weight: hasBody ? 1 : 10 },
    { arbitrary: bodyText.chain(encodedBody), weight: hasBody ? 10 : 1 },
  )
  return fc.record({
    route: fc.constant(route.label),
    via: fc.constantFrom(...route.vias),
    method: fc.oneof({ arbitrary: fc.constant(route.method), weight: 14 }, { arbitrary: fc.constantFrom(...METHODS.filter((method) => method !== route.method)), weight: 1 }),
    userSegment: route.template.includes('{userId}') ? userSegments() : fc.constant(''),
    task: route.template.includes('{id}') ? taskRefs : fc.constant(undefined),
    query: route.validQueries
      ? fc.oneof({ arbitrary: route.validQueries, weight: 2 }, { arbitrary: queryString(route.query), weight: 3 })
      : Object.keys(route.query).length > 0 || route.method === 'GET'
        ? queryString(route.query)
        : fc.oneof({ arbitrary: fc.constant(''), weight: 9 }, { arbitrary: queryString({}), weight: 1 }),
    cookie: cookieHeaders,
    origin: fc.oneof({ arbitrary: fc.constant(undefined), weight: route.method === 'GET' ? 6 : 1 }, { arbitrary: originHeader(TRUSTED_ORIGIN), weight: 6 }),
    secFetchSite: fc.option(fc.constantFrom('same-origin', 'cross-site', 'none'), { freq: 8, nil: undefined }),
    contentType: fc.oneof({ arbitrary: fc.constant(undefined), weight: hasBody ? 1 : 8 }, { arbitrary: contentTypes, weight: hasBody ? 12 : 1 }),
    extra: fc.oneof({ arbitrary: fc.constant({}), weight: 3 }, { arbitrary: extraHeaders, weight: 1 }),
    body,
    chunkBytes: fc.option(fc.constantFrom(1, 7, 1000), { freq: 10, nil: undefined }),
  })
}

// Sending

function cookieOf(piece: CookiePiece): string {
  if ('live' in piece) return parties[piece.live].cookie
  if ('dead' in piece) return deadCookie
  return piece.raw
}

/** A task's id, or a list's on the lists routes. */
function idSegment(ref: TaskRef, template: string): string {
  if ('segment' in ref) return ref.segment
  const ids = template.startsWith('/api/{userId}/lists/') ? parties[ref.of].listIds : parties[ref.of].taskIds
  return ids[ref.pick % ids.length] ?? '00000000-0000-4000-8000-000000000000'
}

interface Stack {
  auth: RunningService
  api: RunningService
  web: RunningService
}

async function send(stack: Stack, route: RouteSpec, planned: Planned): Promise<Exchange> {
  const path = route.template.replace('{userId}', planned.userSegment).replace('{id}', planned.task ? idSegment(planned.task, route.template) : '') + planned.query
  const headers: Record<string, string | string[]> = {}
  if (planned.cookie) {
    const values = planned.cookie.pieces.map(cookieOf)
    headers.cookie = planned.cookie.lines ? values : values.join(planned.cookie.separator)
  }
  if (planned.origin !== undefined) headers.origin = planned.origin
  if (planned.secFetchSite !== undefined) headers['sec-fetch-site'] = planned.secFetchSite
  if (planned.contentType !== undefined) headers['content-type'] = planned.contentType
  Object.assign(headers, planned.extra)
  // With `Expect`, Node's client sends the headers at once, before rawRequest could add a Content-Length: chunk the body.
  const chunkBytes = planned.body && (planned.chunkBytes ?? ('expect' in headers ? Math.max(1, planned.body.bytes.length) : undefined))
  // Node's client frames a body without Content-Length as chunked only for methods that usually carry one.
  if (chunkBytes) headers['transfer-encoding'] = 'chunked'
  const base = planned.via === 'web' ? stack.web.url : route.service === 'api' ? stack.api.url : stack.auth.url
  const response = await rawRequest(base, { method: planned.method, path, headers, body: planned.body?.bytes, chunkBytes })
  // What the fuzz creates is noted for the log scan like every other test's secrets: passwords and session cookies.
  for (const [password] of planned.body?.bytes.toString('latin1').matchAll(/pw-[a-z0-9]{16}/g) ?? []) noteSecrets(password)
  const setCookie = [response.headers['set-cookie'] ?? []].flat().find((value) => value.includes('session_token=') && !value.includes('Max-Age=0'))
  if (setCookie) noteSecrets(setCookie.split(';')[0] ?? '')
  return { planned, service: route.service, method: planned.method, path, headers, response }
}

// Judging

/** Better Auth's own refusals on its routes: `{ code, message }`; its rate limiter's 429 is `{ message }` alone. */
const betterAuthError = (keys: string, status: number) => keys === 'code,message' || (status === 429 && keys === 'message')
const ERROR_KEYS = ['detail', 'error_code', 'message', 'request_id'].join()

/** Why an answer breaks the shape promise, or null. Answers to HEAD carry no body to check. */
function shapeProblem({ response, method, service, planned }: Exchange, otherShapes: Set<string>): string | null {
  if (response.status < 400 || method === 'HEAD') return null
  // @hono/node-server refuses a Host it cannot make a URL of with an empty 400 before any app code runs
  // (packages/http/src/serve-app.ts passes it no `errorHandler`).
  if (response.status === 400 && response.text === '' && planned.extra.host !== undefined) {
    otherShapes.add('400 (empty, from the HTTP server: odd Host)')
    return null
  }
  // A Host whose IDNA form is as long as itself passes @hono/node-server's check, and a `#` or `?` in it moves the real
  // path out of the URL it builds. The web stand-in (a bare Hono app) then has no route and answers with Hono's text
  // 404; the web server proper never builds its URL from Host that way, and drops Host before forwarding.
  if (planned.via === 'web' && planned.extra.host !== undefined && response.status === 404 && response.text === '404 Not Found') {
    otherShapes.add('404 (text, from the web stand-in: odd Host)')
    return null
  }
  // Better Auth's router answers a method its endpoint does not have with an empty 404; the web origin never asks it.
  if (service === 'auth' && planned.via === 'direct' && response.status === 404 && response.text === '') {
    otherShapes.add('404 (empty)')
    return null
  }
  const keys = errorKeys(response.text).join()
  if (keys === ERROR_KEYS) {
    const body = JSON.parse(response.text) as { request_id: unknown; error_code: unknown; message: unknown }
    if (body.request_id !== response.headers['x-request-id']) return `request_id ${String(body.request_id)} is not the X-Request-Id ${String(response.headers['x-request-id'])}`
    if (typeof body.error_code !== 'string' || typeof body.message !== 'string') return 'error_code and message must be strings'
    if (!String(response.headers['content-type']).startsWith('application/json')) return `content-type ${String(response.headers['content-type'])}`
    return null
  }
  if (service === 'auth' && betterAuthError(keys, response.status)) {
    otherShapes.add(`${response.status} {${keys}}`)
    return null
  }
  return `not an error body: ${keys}`
}

function describeExchange({ planned, method, path, headers, response }: Exchange): string {
  const body = planned.body ? `${planned.body.encoding} ${JSON.stringify(planned.body.bytes.toString('latin1').slice(0, 300))}` : 'no body'
  return `${planned.via} ${method} ${path.length > 400 ? `${path.slice(0, 400)}… (${path.length} chars)` : path}\n  headers ${JSON.stringify(headers).slice(0, 600)}\n  body ${body}${planned.chunkBytes ? ' (chunked)' : ''}\n  → ${response.status} ${response.text.slice(0, 300)}`
}

interface Tally {
  sent: number
  statuses: Record<number, number>
}

interface FuzzRun {
  /** By `via METHOD /route`: requests sent and the statuses they got. */
  tallies: Record<string, Tally>
  /** Refusals not in the Tasklane shape, and what they were instead. */
  otherShapes: string[]
  /** Requests sent with a method the route does not have. */
  otherMethods: number
  /** Refused requests that wrote an attempt counter, by table. */
  counted: Record<string, number>
  ms: number
}

interface FuzzOptions {
  runs: number
  /** Whether a refusal on this route with this status may write `table`: only tables that count refused attempts. */
  counts: (table: string, route: RouteSpec, status: number) => boolean
  /** Sign the parties in again when the fuzz ends their sessions (needs an auth that will let them). */
  keepSessions: boolean
}

/** Sends `runs` generated requests one at a time, fingerprinting the database around each, and checks both properties. */
async function fuzz(stack: Stack, routes: RouteSpec[], { runs, counts, keepSessions: resignIn }: FuzzOptions): Promise<FuzzRun> {
  const byLabel = new Map(routes.map((route) => [route.label, route]))
  const run: FuzzRun = { tallies: {}, otherShapes: [], otherMethods: 0, counted: {}, ms: 0 }
  const otherShapes = new Set<string>()
  let baseline = await fingerprinter.take()
  const started = performance.now()

  const property = fc.asyncProperty(fc.oneof(...routes.map(plans)), async (planned) => {
    const route = byLabel.get(planned.route) as RouteSpec
    const exchange = await send(stack, route, planned)
    // Mail goes out after the answer; what it writes (the dev outbox, the per-address count) belongs to this request.
    await stack.auth.settled?.()
    const after = await fingerprinter.take()
    const { status } = exchange.response
    run.tallies[`${planned.via} ${route.label}`] ??= { sent: 0, statuses: {} }
    const tally = run.tallies[`${planned.via} ${route.label}`] as Tally
    tally.sent++
    tally.statuses[status] = (tally.statuses[status] ?? 0) + 1
    if (planned.method !== route.method) run.otherMethods++

    const problems: string[] = []
    if (status >= 500 || status < 100) problems.push(`answered ${status}`)
    const shape = shapeProblem(exchange, otherShapes)
    if (shape) problems.push(shape)
    if (status >= 400) {
      for (const table of changedTables(baseline, after)) {
        if (counts(table, route, status)) run.counted[table] = (run.counted[table] ?? 0) + 1
        else problems.push(`a refused request wrote to ${describeChange(baseline, after, table)}`)
      }
    }
    baseline = after
    expect(problems, describeExchange(exchange)).toEqual([])

    // Keep the targets there for the next request: live sessions, and tasks to aim at.
    let helped = resignIn && route.service === 'auth' && status < 400 && planned.method === 'POST' && (await keepSessions())
    if (route.service === 'api' && status < 300 && !['GET', 'HEAD', 'OPTIONS'].includes(planned.method)) {
      await syncTasks()
      await syncLists()
    }
    for (const name of PARTIES) helped = (await keepTasks(name, 2)) || helped
    for (const name of PARTIES) helped = (await keepLists(name, 2)) || helped
    if (helped) baseline = await fingerprinter.take()
  })
  // No shrinking: the stack has state, so a smaller replay need not fail the same way; the first failure is reported whole.
  await fc.assert(property, { seed: SEED, numRuns: runs, endOnFailure: true })
  return { ...run, otherShapes: [...otherShapes].sort(), ms: Math.round(performance.now() - started) }
}

const SIGN_IN = 'POST /api/auth/sign-in/email'

/** A refusal through the web origin: this status and code, in the error shape, and nothing written. */
async function expectRefusedThroughWeb(label: string, send: () => Promise<RawResponse>, status: number, code: string): Promise<void> {
  const before = await fingerprinter.take()
  const response = await send()
  expect(`${response.status} ${errorKeys(response.text).join()}`, `${label}: ${response.text.slice(0, 200)}`).toBe(`${status} ${ERROR_KEYS}`)
  expect(JSON.parse(response.text), label).toMatchObject({ error_code: code, request_id: response.headers['x-request-id'] })
  expect(changedTables(before, await fingerprinter.take()), label).toEqual([])
}

describe('the web origin, on what the fuzz found', () => {
  const oversized = JSON.stringify({ title: 'too big', email: 'a@example.com', password: 'not-the-one' }).padEnd(17 * 1024, ' ')

  // Streamed on, a body the backend refused before reading it all (413 at 16 KiB, or 403/401 before any of it) was
  // still being written when the backend closed the connection: fetch failed with EPIPE and the client got a 503.
  it('answers a 17 KiB body trickled in 1-byte chunks with 413, never 503, through to the api and to auth', async () => {
    const { owner } = parties
    for (let attempt = 0; attempt < 3; attempt++) {
      for (const [method, path] of [
        ['PUT', `/api/${owner.user.userId}/tasks/${owner.taskIds[0]}`],
        ['POST', `/api/${owner.user.userId}/tasks`],
        ['POST', '/api/auth/sign-in/email'],
      ] as const) {
        const headers = { cookie: owner.cookie, origin: TRUSTED_ORIGIN, 'content-type': 'application/json', 'transfer-encoding': 'chunked' }
        await expectRefusedThroughWeb(`${method} ${path}`, () => rawRequest(web.url, { method, path, headers, body: oversized, chunkBytes: 1 }), 413, 'PAYLOAD_TOO_LARGE')
      }
    }
  })

  it('answers a 15 KiB trickled body the api refuses before reading it (no session, a foreign origin) with that refusal', async () => {
    const { owner } = parties
    const body = JSON.stringify({ title: 'refused early' }).padEnd(15 * 1024, ' ')
    const path = `/api/${owner.user.userId}/tasks`
    for (let attempt = 0; attempt < 3; attempt++) {
      const chunked = { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }
      await expectRefusedThroughWeb('no session', () => rawRequest(web.url, { method: 'POST', path, headers: { ...chunked, origin: TRUSTED_ORIGIN }, body, chunkBytes: 1 }), 401, 'UNAUTHENTICATED')
      await expectRefusedThroughWeb('foreign origin', () => rawRequest(web.url, { method: 'POST', path, headers: { ...chunked, cookie: owner.cookie, origin: 'https://evil.example' }, body, chunkBytes: 1 }), 403, 'CSRF_REJECTED')
    }
  })

  // fetch throws on a GET or HEAD with any body, even an empty one: a forwarder that reads one for them answers 503.
  it.each(['GET', 'HEAD'])('answers a %s that carries a body as it would without one', async (method) => {
    const { owner } = parties
    for (const [path, expected] of [
      [`/api/${owner.user.userId}/tasks/counts`, 200],
      // The web origin allows GET get-session only.
      ['/api/auth/get-session', method === 'GET' ? 200 : 404],
      [`/api/${owner.user.userId}/tasks/counts`, 401],
    ] as const) {
      const cookie = expected === 401 ? {} : { cookie: owner.cookie }
      for (const framing of [{ 'content-length': '2' }, { 'transfer-encoding': 'chunked' }]) {
        const response = await rawRequest(web.url, { method, path, headers: { ...cookie, ...framing, 'content-type': 'application/json' }, body: '{}', chunkBytes: 'transfer-encoding' in framing ? 1 : undefined })
        expect(response.status, `${method} ${path} ${JSON.stringify(framing)}: ${response.text.slice(0, 200)}`).toBe(expected)
      }
    }
  })
})

describe('every route, fuzzed', () => {
  const report: Record<string, unknown> = { suite: 'fuzz-every-route', seed: SEED }
  afterAll(() => {
    process.stdout.write(`${JSON.stringify(report)}\n`)
  })

  it(`answers ${RUNS} generated requests without a 5xx, refusals in the error shape, and no refused request writes`, { timeout: 180_000 }, async () => {
    const routes = [...apiRoutes(), ...authRoutes()]
    expect(fingerprinter.tables).toEqual(expect.arrayContaining(['account', 'rate_limit', 'session', 'task_lists', 'tasks', 'user', 'verification']))
    // The per-account sign-in throttle counts a failed sign-in (its 401) in its own table: that write is its job.
    const run = await fuzz({ auth, api, web }, routes, { runs: RUNS, keepSessions: true, counts: (table, route, status) => table === 'account_sign_in_throttle' && route.label === SIGN_IN && status === 401 })
    report.fuzz = run

    // Every route was reached through every door it has, and got far enough to be both served and refused.
    for (const route of routes) {
      for (const via of route.vias) expect(run.tallies[`${via} ${route.label}`]?.sent ?? 0, `${via} ${route.label}`).toBeGreaterThanOrEqual(10)
      const statuses = route.vias.flatMap((via) => Object.keys(run.tallies[`${via} ${route.label}`]?.statuses ?? {})).map(Number)
      if (!NEVER_SERVED_HERE.has(route.label) && !route.servedElsewhere) {
        expect(statuses.some((status) => status < 300), `${route.label} was never served: ${statuses}`).toBe(true)
      }
      if (route.refuses) expect(statuses.some((status) => status >= 400 && status < 500), `${route.label} was never refused`).toBe(true)
    }
  })

  it(`with rate limits on, answers ${LIMITED_RUNS} auth requests with 429s that are neither a 5xx nor a write (but the counter)`, { timeout: 60_000 }, async () => {
    const limitedAuth = await startAuth({ DATABASE_URL: database.url, RATE_LIMIT_STORAGE: 'database', SESSION_FRESH_AGE: FRESH_AGE })
    const limitedWeb = await startWebForwarder(limitedAuth.url, api.url)
    try {
      const counters = new Set(['rate_limit', 'account_sign_in_throttle'])
      const run = await fuzz({ auth: limitedAuth, api, web: limitedWeb }, authRoutes(), {
        runs: LIMITED_RUNS,
        keepSessions: false,
        counts: (table, route) => counters.has(table) && (table === 'rate_limit' || route.label === SIGN_IN),
      })
      report.limited = run
      const statuses = Object.values(run.tallies).flatMap((tally) => Object.keys(tally.statuses)).map(Number)
      expect(statuses, 'the limit was never reached').toContain(429)
      expect(run.counted.rate_limit ?? 0, 'refusals were counted in the database').toBeGreaterThan(0)
    } finally {
      await limitedWeb.close()
      await limitedAuth.close()
    }
  })
})
