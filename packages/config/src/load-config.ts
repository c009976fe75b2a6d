import { z } from 'zod'

/** Thrown when the environment does not describe a runnable service; `message` names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

export type Env = Record<string, string | undefined>

/**
 * Parses `env` against `schema`. Each field's `.describe()` text says how to fix it, so the message a
 * misconfigured machine prints names the variable, what is wrong and what to do.
 */
export function loadConfig<S extends z.ZodType>(service: string, schema: S, env: Env): z.infer<S> {
  // Empty strings mean "unset": a blank line in a .env file must not become a value.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const result = schema.safeParse(cleaned)
  if (result.success) return result.data
  const lines = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)'
    const hint = describeField(schema, issue.path)
    return `  - ${variable}: ${issue.message}${hint ? ` (${hint})` : ''}`
  })
  throw new ConfigError(`${service}: invalid configuration\n${lines.join('\n')}`)
}

function describeField(schema: z.ZodType, path: PropertyKey[]): string | undefined {
  const [key] = path
  if (typeof key !== 'string' || !(schema instanceof z.ZodObject)) return undefined
  const field = (schema.shape as Record<string, z.ZodType | undefined>)[key]
  return field?.description
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback)

export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback)

export const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1')

/** A comma-separated list of http(s) origins, normalised (no trailing slash, no path). */
export const originList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const origins: string[] = []
      for (const raw of value.split(',').map((part) => part.trim()).filter(Boolean)) {
        try {
          const url = new URL(raw)
          if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http')
          origins.push(url.origin)
        } catch {
          ctx.addIssue({ code: 'custom', message: `"${raw}" is not an http(s) origin` })
          return z.NEVER
        }
      }
      return origins
    })

export const nodeEnv = z.enum(['development', 'production', 'test']).default('development')

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')

/** Variables every service reads the same way. */
export const serviceFields = {
  NODE_ENV: nodeEnv,
  HOST: z.string().default('127.0.0.1').describe('the interface to listen on; 0.0.0.0 in a container'),
  LOG_LEVEL: logLevel.describe('one of fatal, error, warn, info, debug, trace, silent'),
}
