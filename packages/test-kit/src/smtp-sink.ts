import { SMTPServer } from 'smtp-server'

/** One message as the SMTP server received it: the envelope and the raw MIME source. */
export interface ReceivedMail {
  from: string
  to: string[]
  raw: string
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string
  received: ReceivedMail[]
  /** Refuses the next `count` messages with a temporary error (451), as a mail server under load does. */
  refuseNext(count: number): void
  /** Holds every later message this long before accepting it, as a slow mail server does. */
  delayEach(ms: number): void
  close(): Promise<void>
}

/**
 * A real SMTP server (the `smtp-server` package) on a free loopback port, plain text, no authentication: the mail
 * server auth talks to in tests of the SMTP path.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = []
  let refusals = 0
  let delayMs = 0
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        if (refusals > 0) {
          refusals--
          callback(Object.assign(new Error('Try again later'), { responseCode: 451 }))
          return
        }
        setTimeout(() => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((address) => address.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          })
          callback()
        }, delayMs)
      })
    },
  })
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject)
    const listening = server.listen(0, '127.0.0.1', () => {
      const address = listening.address()
      resolve(typeof address === 'object' && address ? address.port : 0)
    })
  })
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseNext(count) {
      refusals = count
    },
    delayEach(ms) {
      delayMs = ms
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The text of a MIME part as written (quoted-printable soft breaks and escapes undone), for finding links in it. */
export function decodeQuotedPrintable(source: string): string {
  const bytes = source.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
  return Buffer.from(bytes, 'latin1').toString('utf8')
}
