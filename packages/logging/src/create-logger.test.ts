import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger, maskEmail } from './create-logger.ts'

function capture() {
  const lines: string[] = []
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString())
      done()
    },
  })
  return { lines, logger: createLogger({ service: 'test', level: 'info', destination }) }
}

describe('createLogger', () => {
  it('redacts cookies, authorization, set-cookie, passwords, tokens and secrets wherever they sit', () => {
    const { lines, logger } = capture()
    logger.info(
      {
        req: { headers: { cookie: 'better-auth.session_token=SECRET1', authorization: 'Bearer SECRET2' } },
        res: { headers: { 'set-cookie': 'better-auth.session_token=SECRET3; HttpOnly' } },
        body: { password: 'SECRET4', token: 'SECRET5' },
        config: { secret: 'SECRET6', databaseUrl: 'postgres://u:SECRET7@h/db' },
        password: 'SECRET8',
      },
      'request',
    )
    const output = lines.join('')
    for (let index = 1; index <= 8; index++) expect(output).not.toContain(`SECRET${index}`)
    expect(output).toContain('[redacted]')
    expect(JSON.parse(output)).toMatchObject({ service: 'test', msg: 'request' })
  })

  it('keeps fields that are not credentials', () => {
    const { lines, logger } = capture()
    logger.info({ req: { method: 'GET', path: '/health' } }, 'ok')
    expect(JSON.parse(lines.join(''))).toMatchObject({ req: { method: 'GET', path: '/health' } })
  })
})

describe('createLogger: errors', () => {
  it('removes query parameters (a session token, for one) from error messages, stacks and causes', () => {
    const { lines, logger } = capture()
    const query = new Error('Failed query: select * from "session" where "token" = $1\nparams: SECRETTOKEN1: connect ECONNREFUSED')
    const wrapped = new Error('Failed to get session: Failed query: select 1\nparams: SECRETTOKEN2', { cause: query })
    logger.warn({ err: wrapped }, 'sign-out could not be confirmed')
    const output = lines.join('')
    expect(output).not.toContain('SECRETTOKEN')
    expect(output).toContain('params: [redacted]')
    expect(JSON.parse(output)).toMatchObject({ err: { type: 'Error', message: expect.stringContaining('Failed to get session') } })
  })
})

describe('createLogger: Drizzle query errors', () => {
  it('removes the parameters Drizzle keeps beside the message, in the error and in its causes', async () => {
    const { DrizzleQueryError } = await import('drizzle-orm/errors')
    const { lines, logger } = capture()
    const failed = new DrizzleQueryError('select * from "session" where "token" = $1', ['SECRETTOKEN3'], new Error('connection reset'))
    logger.error({ err: new Error('Failed to get session', { cause: failed }) }, 'get-session failed')
    logger.error({ err: failed }, 'query failed')
    const output = lines.join('')
    expect(output).not.toContain('SECRETTOKEN3')
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({ err: { params: '[redacted]', query: 'select * from "session" where "token" = $1' } })
  })
})

describe('maskEmail', () => {
  it('keeps the first letter and the domain only', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j***@example.com')
    expect(maskEmail('not-an-email')).toBe('***')
  })
})
