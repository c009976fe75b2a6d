import { notFound } from 'next/navigation'
import type { ReactNode } from 'react'
import { ServiceUnavailable } from '@/components/service-unavailable'
import { readDevOutbox } from '@/lib/dev-outbox.server'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Dev outbox · Tasklane', robots: { index: false } }

/**
 * Outside production, the email auth would have sent, newest first, each with its links clickable: how a developer
 * (or a test) follows a reset or verification link on `npm start` with no mail server. A 404 in production.
 */
export default async function DevOutboxPage() {
  const outbox = await readDevOutbox()
  if (outbox.state === 'absent') notFound()
  if (outbox.state === 'unavailable') return <ServiceUnavailable />
  return (
    <main className="shell">
      <h1>Dev outbox</h1>
      <p className="hint">Mail Tasklane would have sent (newest first, the latest 50). Only outside production; in production it goes out over SMTP.</p>
      {outbox.messages.length === 0 ? (
        <p className="empty">No mail yet.</p>
      ) : (
        <ol className="outbox">
          {outbox.messages.map((message, index) => (
            <li key={`${message.created_at}-${index}`} className="card outbox-message">
              <h2 className="outbox-subject">{message.subject}</h2>
              <p className="hint">
                To <span className="outbox-to">{message.to}</span> · <time dateTime={message.created_at}>{new Date(message.created_at).toISOString().replace('T', ' ').slice(0, 19)} UTC</time>
              </p>
              <div className="outbox-text">{withLinks(message.text)}</div>
            </li>
          ))}
        </ol>
      )}
    </main>
  )
}

/** The plain-text part with every http(s) address made a link; everything else stays text (React escapes it). */
function withLinks(text: string): ReactNode[] {
  return text.split(/(https?:\/\/\S+)/g).map((part, index) =>
    index % 2 === 1 ? (
      <a key={index} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  )
}
