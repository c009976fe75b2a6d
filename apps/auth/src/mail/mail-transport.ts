/** One email, as every transport takes it: both parts always, the HTML one with every user-provided value escaped. */
export interface MailMessage {
  to: string
  subject: string
  text: string
  html: string
}

/** Hands one message to wherever mail goes; rejects when it could not. Retries are the mailer's (mailer.ts). */
export interface MailTransport {
  deliver(message: MailMessage): Promise<void>
  close(): Promise<void>
}
