import { z } from '@hono/zod-openapi'
import { ERROR_CODES, type ErrorCode } from './error-codes.ts'

const reachability = z.enum(['ok', 'unreachable'])

// The `detail` a code carries, as the code that raises it writes it; every other code carries `null`.
const DETAILS: { [Code in ErrorCode]?: z.ZodType } = {
  // validationHook (toFieldProblems) and task-cursor.ts
  VALIDATION_FAILED: z.array(z.strictObject({ field: z.string(), message: z.string() })),
  // create-app.ts, the body limit
  PAYLOAD_TOO_LARGE: z.strictObject({ max_bytes: z.number().int() }),
  // validation/json-body.ts
  UNSUPPORTED_MEDIA_TYPE: z.strictObject({ content_type: z.string().nullable() }),
  // requireTrustedOrigin in @tasklane/http
  CSRF_REJECTED: z.strictObject({ origin: z.string().nullable() }),
  // create-app.ts, notFound
  NOT_FOUND: z.strictObject({ path: z.string() }),
  // lists/list-routes.ts
  LIST_NAME_TAKEN: z.strictObject({ name: z.string() }),
  LIST_LIMIT_REACHED: z.strictObject({ max_lists: z.number().int() }),
  // health/health-routes.ts
  NOT_READY: z.strictObject({ database: reachability, auth: reachability }),
}

function bodyOf(code: ErrorCode) {
  return z
    .strictObject({
      error_code: z.literal(code),
      message: z.string(),
      detail: DETAILS[code] ?? z.null(),
      request_id: z.string().openapi({ description: 'The X-Request-Id of this answer: quote it when reporting a problem.' }),
    })
    .openapi(`Error.${code}`)
}

// One schema object per code, so the document names each once (`#/components/schemas/Error.TASK_NOT_FOUND`).
const errorBodies: { [Code in ErrorCode]?: ReturnType<typeof bodyOf> } = {}

/** The error body of one code, as `respond` (handle-error.ts) writes it with `errorBody` from @tasklane/http. */
export function errorBodySchema(code: ErrorCode) {
  return (errorBodies[code] ??= bodyOf(code))
}

/** A route's answer for one status, by the codes it can carry there: `403: refusal('FORBIDDEN', 'CSRF_REJECTED')`. */
export function refusal(...codes: [ErrorCode, ...ErrorCode[]]) {
  const statuses = new Set(codes.map((code) => ERROR_CODES[code].status))
  if (statuses.size > 1) throw new Error(`one status per refusal: ${codes.join(', ')} answer ${[...statuses].join(', ')}`)
  const [code, ...others] = codes
  const schema = others.length === 0 ? errorBodySchema(code) : z.discriminatedUnion('error_code', [errorBodySchema(code), ...others.map(errorBodySchema)])
  return {
    description: codes.map((each) => `${each}: ${ERROR_CODES[each].message}`).join(' '),
    content: { 'application/json': { schema } },
  }
}
