import nodemailer from 'nodemailer'
import type { MailTransport } from './mail-transport.ts'

/** A mail server that does not answer in this time fails the attempt (the mailer retries it) instead of holding it. */
const SMTP_TIMEOUT_MS = 15_000

/** Production mail: SMTP to `url` (`smtp://` or `smtps://`, credentials in the URL), from `from`. */
export function createSmtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  })
  return {
    async deliver(message) {
      await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text, html: message.html })
    },
    async close() {
      transporter.close()
    },
  }
}
