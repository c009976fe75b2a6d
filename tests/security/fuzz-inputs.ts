import fc from 'fast-check'

/**
 * Arbitraries for hostile request parts, shared by the route fuzz (fuzz-every-route.test.ts). They hold no state:
 * values that depend on the running stack (user ids, cookies, task ids) are passed in or filled in at send time.
 * Every header value is latin1 without control characters: what Node's HTTP client lets onto the wire (each char one
 * byte, so raw UTF-8 bytes pass through as their latin1 chars).
 */

/** A header value Node will send: tab, printable ASCII and the bytes 0x80–0xFF. */
export const latin1Text = (maxLength: number) =>
  fc.string({ unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09)).map((code) => String.fromCharCode(code)), maxLength })

/** `text` as UTF-8 bytes, each one a latin1 char: how a header carrying UTF-8 looks to Node's HTTP client. */
export const utf8AsLatin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1')

/** Text that breaks storage, parsing or display: NUL, lone surrogates, bidi and zero-width marks, astral characters. */
const awkwardUnits = fc.constantFrom('\u0000', '\ud800', '\udfff', '\u202e', '\u200f', '\u200b', '\ufeff', '\uffff', '\u2028', '𝄞', '🍪', 'é', 'a', ' ', '"', '\\', '%', '<', '\n', '\t')

/**
 * Text for bodies, query strings and path ids. `longest` bounds the very long strings: a body may hold 16 KiB, while
 * a URL past Node's 16 KiB header limit is refused with an empty 431 before any Tasklane code runs.
 */
export const hostileTextUpTo = (longest: number) =>
  fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: awkwardUnits, minLength: 1, maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 1 },
  {
    arbitrary: fc.constantFrom('', ' ', '   padded   ', "'; drop table tasks; --", '<script>alert(1)</script>', '../../etc/passwd', 'null', '__proto__', 'true', '0'),
    weight: 2,
  },
  // Around and far past every length limit (title 200, description 1,000, password 128, body 16 KiB).
  {
    arbitrary: fc
      .constantFrom(...[199, 200, 201, 999, 1000, 1001, 1025, 4000, 12_000].filter((length) => length <= longest))
      .chain((length) => fc.constantFrom('x', 'é', '🍪').map((char) => char.repeat(length))),
    weight: 1,
  },
)

export const hostileText = hostileTextUpTo(12_000)
/** Short enough that a URL with a few of them stays well under Node's header limit, even percent-encoded. */
export const hostileUrlText = hostileTextUpTo(201)

/** A JSON text fragment that is JSON but the wrong type, or a number JavaScript and PostgreSQL read differently. */
export const wrongTypedJson = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true }).map((value) => JSON.stringify(value)),
  fc.constantFrom('1e400', '-1e400', '-0', '1E-400', '9007199254740993', '123456789012345678901234567890', '0.1', '-1'),
  fc.constantFrom('true', 'false', 'null', '[]', '{}', '[null]', '{"__proto__":{"polluted":true}}', '[[[[[[[[[[]]]]]]]]]]'),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
)

/** A JSON string fragment from hostile text (JSON.stringify escapes NUL and lone surrogates, so they arrive as escapes). */
export const hostileJsonString = hostileText.map((text) => JSON.stringify(text))

/**
 * An object body as JSON text: `fields` are the declared ones (each a generator of JSON fragments, most of them
 * valid), included at random, plus now and then unknown keys and duplicates of declared ones (the last one wins in
 * JSON.parse), and a wrong-typed or hostile value in place of a valid one.
 */
export function objectBodyText(fields: Record<string, { value: fc.Arbitrary<string>; required: boolean }>): fc.Arbitrary<string> {
  const names = Object.keys(fields)
  const entry = (name: string, { value, required }: { value: fc.Arbitrary<string>; required: boolean }) =>
    fc.oneof(
      { arbitrary: value.map((text) => [name, text] as const), weight: required ? 12 : 5 },
      { arbitrary: fc.oneof(wrongTypedJson, hostileJsonString).map((text) => [name, text] as const), weight: 2 },
      { arbitrary: fc.constant(null), weight: required ? 1 : 5 },
    )
  const declared = fc.tuple(...names.map((name) => entry(name, fields[name] as { value: fc.Arbitrary<string>; required: boolean })))
  const unknownKey = fc.oneof(fc.constantFrom('user_id', 'id', 'userId', 'completed', 'created_at', '__proto__', 'constructor', '', 'Title', 'title '), fc.string({ maxLength: 8 }))
  const extra = fc.array(
    fc.tuple(names.length > 0 ? fc.oneof(unknownKey, fc.constantFrom(...names)) : unknownKey, fc.oneof(wrongTypedJson, hostileJsonString, fc.constant('"x"'))),
    { maxLength: 3 },
  )
  return fc
    .tuple(declared, fc.oneof({ arbitrary: fc.constant([] as [string, string][]), weight: 4 }, { arbitrary: extra, weight: 1 }), fc.boolean())
    .map(([chosen, more, extraFirst]) => {
      const present = chosen.filter((pair) => pair !== null)
      const pairs = extraFirst ? [...more, ...present] : [...present, ...more]
      return `{${pairs.map(([name, text]) => `${JSON.stringify(name)}:${text}`).join(',')}}`
    })
}

/** Whole bodies that are not an object, or not JSON, or not UTF-8. */
export const oddBodyText = fc.oneof(
  wrongTypedJson,
  hostileJsonString,
  fc.constantFrom('{', '{"title": }', "{'title':'x'}", '{"title":"x",}', '{"title":"x"}{"title":"y"}', 'NaN', '', '   ', '\u0000', '{"title":"\\ud800"}', '{"a":"\\x41"}'),
)

export interface EncodedBody {
  /** How the text was turned into bytes, for the report. */
  encoding: string
  bytes: Buffer
}

/** The body text as bytes: mostly UTF-8, sometimes cut, with bytes that are not UTF-8, as UTF-16, form-encoded or oversized. */
export function encodedBody(text: string): fc.Arbitrary<EncodedBody> {
  const utf8 = Buffer.from(text, 'utf8')
  const at = fc.nat({ max: Math.max(0, utf8.length) })
  return fc.oneof(
    { arbitrary: fc.constant({ encoding: 'utf-8', bytes: utf8 }), weight: 20 },
    { arbitrary: at.map((cut) => ({ encoding: 'cut', bytes: utf8.subarray(0, cut) })), weight: 1 },
    {
      arbitrary: fc
        .tuple(at, fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xfe, 0xff]))
        .map(([position, bad]) => ({ encoding: 'not utf-8', bytes: Buffer.concat([utf8.subarray(0, position), Buffer.from(bad), utf8.subarray(position)]) })),
      weight: 1,
    },
    { arbitrary: fc.constant({ encoding: 'utf-8 with BOM', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]) }), weight: 1 },
    { arbitrary: fc.constant({ encoding: 'utf-16le with BOM', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) }), weight: 1 },
    { arbitrary: fc.constant({ encoding: 'form', bytes: Buffer.from(new URLSearchParams({ title: text, email: text }).toString()) }), weight: 1 },
    { arbitrary: fc.constant({ encoding: 'empty', bytes: Buffer.alloc(0) }), weight: 1 },
    // Past the 16 KiB limit both services put on bodies, but under Node's own limits.
    { arbitrary: fc.constant({ encoding: 'oversized', bytes: Buffer.from(text.padEnd(17 * 1024, ' '), 'utf8') }), weight: 1 },
  )
}

export const contentTypes = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 16 },
  {
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json;charset=UTF-8',
      'APPLICATION/JSON',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/json; charset="utf-8"; boundary=x',
      'application/json, text/plain',
      'application/vnd.api+json',
      'application/merge-patch+json',
      'application/jsonx',
      'text/json',
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'multipart/form-data; boundary=----x',
      '',
      ';',
      '*/*',
    ),
    weight: 6,
  },
  { arbitrary: latin1Text(60), weight: 1 },
)

/** Origins: the trusted one most of the time, and everything that must not pass for it. */
export function originHeader(trusted: string) {
  return fc.oneof(
    { arbitrary: fc.constant(trusted), weight: 24 },
    {
      arbitrary: fc.constantFrom(
        'https://evil.example',
        'null',
        `${trusted}/`,
        trusted.toUpperCase(),
        `${trusted}.evil.example`,
        trusted.replace(/:\d+$/, ''),
        trusted.replace('http:', 'https:'),
        `${trusted}, https://evil.example`,
        '',
        ' ',
        'file://',
        // A Cyrillic о: a lookalike of the trusted origin, as UTF-8 bytes.
        utf8AsLatin1(trusted.replace('o', '\u043e')),
      ),
      weight: 4,
    },
    { arbitrary: latin1Text(40), weight: 1 },
  )
}

/** UTF-8 as the bytes of a URL path or query: unreserved chars kept, every other byte percent-encoded. */
export function percentEncode(text: string): string {
  let encoded = ''
  for (const char of text) {
    if (/^[A-Za-z0-9\-._~]$/.test(char)) encoded += char
    else for (const byte of wtf8(char.codePointAt(0) ?? 0)) encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return encoded
}

/** UTF-8, extended to lone surrogates (WTF-8): their bytes are sent, and a strict decoder must refuse them. */
function wtf8(code: number): number[] {
  if (code < 0x80) return [code]
  if (code < 0x800) return [0xc0 | (code >> 6), 0x80 | (code & 0x3f)]
  if (code < 0x10000) return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
  return [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
}

/** Percent-encoding that is itself broken, or that encodes a separator. */
export const brokenEscapes = fc.constantFrom('%', '%Z', '%zz', '%2', '%00', '%2F', '%2f', '%5C', '%E0%A4%A', '%C0%AF', '%FF', '%25', '%3F', '%23', '%26', '%3D', '+')

/** A path segment: given text percent-encoded, with broken escapes mixed in now and then. */
export function pathSegment(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: text.map(percentEncode), weight: 4 },
    { arbitrary: fc.tuple(text.map(percentEncode), brokenEscapes, fc.boolean()).map(([encoded, broken, before]) => (before ? broken + encoded : encoded + broken)), weight: 1 },
  )
}

/** A forged list cursor: base64url JSON shaped like the api's, with hostile fields. */
export const forgedCursor = fc
  .record({
    s: fc.oneof(fc.constantFrom('created_at', 'updated_at', 'title'), hostileUrlText),
    o: fc.oneof(fc.constantFrom('asc', 'desc'), hostileUrlText),
    f: fc.oneof(fc.constantFrom('all', 'pending', 'completed'), hostileUrlText),
    v: fc.oneof(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), hostileUrlText, fc.jsonValue({ maxDepth: 1 })),
    i: fc.oneof(fc.uuid(), hostileUrlText),
  })
  .map((payload) => Buffer.from(JSON.stringify(payload)).toString('base64url'))
