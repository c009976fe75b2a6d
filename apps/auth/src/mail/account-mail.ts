import type { Logger } from '@tasklane/logging'
import { changeEmailEmail, emailChangedEmail, existingAccountSignUpEmail, resetPasswordEmail, verifyEmailEmail } from './account-emails.ts'
import type { AddressLimiter } from './address-limiter.ts'
import type { Mailer } from './mailer.ts'
import type { ResetLinks } from './reset-links.ts'

/** Where a followed verification link lands (Better Auth redirects there, adding `error=…` when the link is no good). */
export const VERIFIED_EMAIL_PATH = '/dashboard?email-verified=1'
export const CHANGED_EMAIL_PATH = '/dashboard?email-changed=1'

interface MailUser {
  id: string
  email: string
  name: string
}

export interface AccountMailOptions {
  /** The web origin (BETTER_AUTH_URL): every link in an email points there. */
  webOrigin: string
  mailer: Mailer
  addressLimiter: AddressLimiter
  resetLinks: ResetLinks
  logger: Logger
}

/**
 * What each account flow emails, given to Better Auth as its `send…` callbacks. Each returns at once, before any
 * database work or sending (Mailer.sendLater): Better Auth awaits its callbacks inside the request, so anything slow
 * here would make an answer for a real account slower than one for an unknown address. For the same reason the
 * per-address limit is counted there, after the answer: a limited request answers exactly like any other.
 */
export function createAccountMail({ webOrigin, mailer, addressLimiter, resetLinks }: AccountMailOptions) {
  const link = (path: string) => new URL(path, webOrigin).href
  const verifyLink = (token: string, landing: string) =>
    link(`/api/auth/verify-email?${new URLSearchParams({ token, callbackURL: landing })}`)

  return {
    /** A reset link for the web page that sets the new password; only the newest link a user was sent works. */
    passwordReset(user: MailUser, token: string): void {
      mailer.sendLater(async () => {
        if (!(await resetLinks.keepOnlyNewest(user.id, token))) return null
        if (!(await addressLimiter.allow(user.email))) return null
        return resetPasswordEmail({ to: user.email, name: user.name, link: link(`/reset-password?${new URLSearchParams({ token })}`) })
      })
    },

    /**
     * Better Auth's verification email serves two flows, told apart by the token it signed: verifying the address of a
     * new account, and confirming a new address for an existing one (sent to that new address). The landing page is
     * chosen here rather than taken from the client's `callbackURL`.
     */
    verification(user: MailUser, token: string): void {
      const changingAddress = verificationRequestType(token) === 'change-email-verification'
      mailer.sendLater(async () => {
        if (!(await addressLimiter.allow(user.email))) return null
        return changingAddress
          ? changeEmailEmail({ to: user.email, name: user.name, link: verifyLink(token, CHANGED_EMAIL_PATH) })
          : verifyEmailEmail({ to: user.email, name: user.name, link: verifyLink(token, VERIFIED_EMAIL_PATH) })
      })
    },

    /** Sign-up with a taken address answers as for a new one; the owner hears of it instead (at most a few times). */
    existingAccountSignUp(user: MailUser): void {
      mailer.sendLater(async () => {
        if (!(await addressLimiter.allow(user.email))) return null
        return existingAccountSignUpEmail({ to: user.email, name: user.name, signInLink: link('/sign-in'), forgotLink: link('/forgot-password') })
      })
    },

    /** The old address is told once a change of address took effect. */
    emailChanged(user: { name: string }, oldEmail: string, newEmail: string): void {
      mailer.send(emailChangedEmail({ to: oldEmail, name: user.name, newEmail, signInLink: link('/sign-in') }))
    },
  }
}

export type AccountMail = ReturnType<typeof createAccountMail>

/** The `requestType` claim of a verification token Better Auth just signed (read, not verified: it is our own). */
export function verificationRequestType(token: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { requestType?: unknown }
    return typeof payload.requestType === 'string' ? payload.requestType : undefined
  } catch {
    return undefined
  }
}
