import { appendFileSync } from 'node:fs'
import path from 'node:path'
import { createApp } from '@tasklane/auth'
import { createLogger } from '@tasklane/logging'
import { decodeQuotedPrintable, type SmtpSink, startSmtpSink } from '@tasklane/test-kit/smtp-sink'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { noteSecrets } from '../support/service-logs.ts'
import { type RunningService, TRUSTED_ORIGIN, authTestConfig, randomIp, serveInProcess, signUp } from '../support/test-stack.ts'

/**
 * The production mail path: auth with SMTP_URL talks to a real SMTP server (`smtp-server`) on loopback. Auth runs in
 * this process so its log lines can be read here as well as by the run's log scan.
 */
const MAIL_FROM = 'Tasklane <no-reply@tasks.example.com>'
let sink: SmtpSink
let auth: RunningService
const logLines: string[] = []

beforeAll(async () => {
  sink = await startSmtpSink()
  const config = authTestConfig({ SMTP_URL: sink.url, MAIL_FROM, MAIL_PER_ADDRESS_MAX: '100' })
  const file = path.join(inject('serviceLogDir'), `auth-smtp-${process.pid}.log`)
  const logger = createLogger({
    service: 'auth',
    level: 'trace',
    destination: {
      write: (line: string) => {
        logLines.push(line)
        appendFileSync(file, line)
      },
    },
  })
  auth = await serveInProcess(createApp(config, logger), config.host, config.port, logger)
})
afterAll(async () => {
  await auth?.close()
  await sink?.close()
})

const requestReset = (email: string) =>
  fetch(`${auth.url}/api/auth/request-password-reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TRUSTED_ORIGIN, 'x-forwarded-for': randomIp() },
    body: JSON.stringify({ email }),
  })

async function receivedFor(email: string, subject: string, timeout = 15_000) {
  await expect.poll(() => sink.received.filter((mail) => mail.to.includes(email) && mail.raw.includes(subject)).length, { timeout, interval: 250 }).toBeGreaterThan(0)
  const mail = sink.received.find((each) => each.to.includes(email) && each.raw.includes(subject))
  if (!mail) throw new Error('no mail')
  const decoded = decodeQuotedPrintable(mail.raw)
  noteSecrets(...[...decoded.matchAll(/token=(\w+)/g)].map(([, token]) => token ?? ''))
  return { ...mail, decoded }
}

describe('mail over SMTP', () => {
  it('delivers a reset email from MAIL_FROM with a plain-text and an HTML part, its link on the web origin', async () => {
    const user = await signUp(auth.url)
    expect((await requestReset(user.email)).status).toBe(200)
    const mail = await receivedFor(user.email, 'Reset your Tasklane password')
    expect(mail.from).toBe('no-reply@tasks.example.com')
    expect(mail.raw).toMatch(/^From: Tasklane <no-reply@tasks\.example\.com>/m)
    expect(mail.raw).toMatch(/^Content-Type: multipart\/alternative/m)
    expect(mail.raw).toMatch(/^Content-Type: text\/plain/m)
    expect(mail.raw).toMatch(/^Content-Type: text\/html/m)
    expect(mail.decoded).toMatch(new RegExp(`${TRUSTED_ORIGIN}/reset-password\\?token=\\w{24}`))
  })

  it('answers before a slow mail server has taken the message', async () => {
    const user = await signUp(auth.url)
    await receivedFor(user.email, 'Verify your email')
    sink.delayEach(4_000)
    try {
      const started = performance.now()
      expect((await requestReset(user.email)).status).toBe(200)
      const answeredMs = performance.now() - started
      expect(answeredMs).toBeLessThan(2_000)
      await receivedFor(user.email, 'Reset your Tasklane password')
      process.stdout.write(`${JSON.stringify({ measure: 'reset answer with a 4 s SMTP server', answered_ms: Math.round(answeredMs) })}\n`)
    } finally {
      sink.delayEach(0)
    }
  })

  it('retries a temporary refusal with backoff, logging the address masked and never whole', async () => {
    const user = await signUp(auth.url)
    // The sign-up's own verification email first, so the two refusals are the reset email's.
    await receivedFor(user.email, 'Verify your email')
    sink.refuseNext(2)
    const started = performance.now()
    expect((await requestReset(user.email)).status).toBe(200)
    await receivedFor(user.email, 'Reset your Tasklane password', 20_000)
    // Two waits before the third attempt: 2 s, then 4 s.
    expect(performance.now() - started).toBeGreaterThan(5_500)
    const retries = logLines.filter((line) => line.includes('email not sent; retrying')).map((line) => JSON.parse(line) as { to: string; attempt: number })
    const masked = `${user.email[0]}***@example.com`
    expect(retries.filter((line) => line.to === masked).map((line) => line.attempt)).toEqual([1, 2])
    expect(logLines.filter((line) => line.includes(user.email))).toEqual([])
  })
})
