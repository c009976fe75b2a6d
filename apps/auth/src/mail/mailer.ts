import { type Logger, maskEmail } from '@tasklane/logging'
import type { MailMessage, MailTransport } from './mail-transport.ts'

export interface Mailer {
  /**
   * Queues `message` and returns at once: a request that sends mail answers without waiting for it, so neither a slow
   * mail server nor whether a message was sent at all shows in its answer or its timing.
   */
  send(message: MailMessage): void
  /** The same for a message that needs work first (a lookup, a limit); `null`: nothing to send after all. */
  sendLater(prepare: () => Promise<MailMessage | null>): void
  /** Resolves once every queued message was delivered or given up on (tests, shutdown). */
  settled(): Promise<void>
  close(): Promise<void>
}

export interface MailerOptions {
  transport: MailTransport
  logger: Logger
  /** Attempts per message, the first included. */
  attempts?: number
  /** Wait before the second attempt; each later one waits twice as long as the one before. */
  firstRetryDelayMs?: number
}

const DEFAULT_ATTEMPTS = 4
const DEFAULT_FIRST_RETRY_DELAY_MS = 2_000

/** The one way auth sends mail, whatever the transport: in the background, retried with backoff, failures logged. */
export function createMailer({ transport, logger, attempts = DEFAULT_ATTEMPTS, firstRetryDelayMs = DEFAULT_FIRST_RETRY_DELAY_MS }: MailerOptions): Mailer {
  const pending = new Set<Promise<void>>()
  let closing = false
  // Ends every wait for a retry at once: a stopping service gives up its retries instead of sleeping through them.
  let wakeAll = () => {}
  const closed = new Promise<void>((resolve) => (wakeAll = resolve))

  async function deliver(message: MailMessage): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await transport.deliver(message)
        return
      } catch (error) {
        // The address masked and no body: a message carries a link that signs someone in or resets a password.
        const context = { to: maskEmail(message.to), subject: message.subject, attempt, of: attempts, mailError: errorText(error) }
        if (attempt >= attempts || closing) {
          logger.error(context, 'email not sent; giving up')
          return
        }
        logger.warn(context, 'email not sent; retrying')
        await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, firstRetryDelayMs * 2 ** (attempt - 1)).unref())])
        if (closing) {
          logger.error(context, 'email not sent; the service is stopping')
          return
        }
      }
    }
  }

  function track(work: Promise<void>): void {
    const tracked = work.finally(() => pending.delete(tracked))
    pending.add(tracked)
  }

  return {
    send(message) {
      track(deliver(message))
    },
    sendLater(prepare) {
      track(
        prepare().then(
          (message) => (message ? deliver(message) : undefined),
          (error: unknown) => logger.error({ mailError: errorText(error) }, 'email not prepared; not sent'),
        ),
      )
    },
    async settled() {
      while (pending.size > 0) await Promise.all(pending)
    },
    async close() {
      closing = true
      wakeAll()
      await Promise.all(pending)
      await transport.close()
    },
  }
}

/** What went wrong, without the error's own fields: an SMTP error can echo the recipient or the whole command. */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error'
  const code = (error as { code?: unknown; responseCode?: unknown }).code
  const responseCode = (error as { responseCode?: unknown }).responseCode
  return [typeof code === 'string' ? code : undefined, typeof responseCode === 'number' ? String(responseCode) : undefined, error.name]
    .filter(Boolean)
    .join(' ')
}
