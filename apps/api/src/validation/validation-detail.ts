import type { z } from 'zod'

export interface FieldProblem {
  field: string
  message: string
}

/** zod issues → `[{ field, message }]`, the `detail` of a 422: which field, and why. */
export function toFieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { field: issue.keys.join(', '), message: 'is not a known field' }
    }
    return { field: issue.path.join('.') || '(body)', message: issue.message }
  })
}
