import { expect } from 'vitest'
import { noteSecrets } from './service-logs.ts'

export interface OutboxMessage {
  to: string
  subject: string
  text: string
  html: string
  created_at: string
}

/** The dev outbox for `to`, newest first, as auth serves it (`GET /dev/outbox?to=`). */
export async function readOutbox(authUrl: string, to: string): Promise<OutboxMessage[]> {
  const response = await fetch(`${authUrl}/dev/outbox?${new URLSearchParams({ to })}`)
  expect(response.status).toBe(200)
  const { messages } = (await response.json()) as { messages: OutboxMessage[] }
  for (const message of messages) noteSecrets(...linksIn(message.text).flatMap((link) => [link, ...tokensIn(link)]))
  return messages
}

/**
 * Waits (mail is sent after the answer) until `to` has `count` messages whose subject contains `subject`, and returns the
 * newest. Every link and token it carries is noted for the log scan.
 */
export async function waitForMail(authUrl: string, to: string, subject: string, count = 1): Promise<OutboxMessage> {
  let matching: OutboxMessage[] = []
  await expect
    .poll(
      async () => {
        matching = (await readOutbox(authUrl, to)).filter((message) => message.subject.includes(subject))
        return matching.length
      },
      { timeout: 15_000, interval: 250 },
    )
    .toBeGreaterThanOrEqual(count)
  const newest = matching[0]
  if (!newest) throw new Error('no message')
  return newest
}

export function linksIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/\S+/g)].map(([link]) => link)
}

/** The one link in a message's text that leads to `path` on the web origin. */
export function linkTo(message: OutboxMessage, path: string): URL {
  const link = linksIn(message.text).map((href) => new URL(href)).find((url) => url.pathname === path)
  if (!link) throw new Error(`no link to ${path} in "${message.subject}"`)
  return link
}

function tokensIn(link: string): string[] {
  const token = new URL(link).searchParams.get('token')
  return token ? [token] : []
}
