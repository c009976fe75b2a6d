import type { MailMessage } from './mail-transport.ts'

/**
 * The emails auth sends, each with a plain-text and an HTML part. Every value a user chose (the name, an address) is
 * escaped in the HTML; links point at the web origin (BETTER_AUTH_URL), the one the browser uses.
 */

export function resetPasswordEmail({ to, name, link }: { to: string; name: string; link: string }): MailMessage {
  return email(to, 'Reset your Tasklane password', {
    greeting: name,
    paragraphs: ['Someone asked to reset the password of your Tasklane account. If it was you, choose a new password here:'],
    link: { href: link, label: 'Choose a new password' },
    after: ['The link works once, for one hour. Choosing a new password signs you out everywhere.', 'If it was not you, ignore this email: your password stays as it is.'],
  })
}

export function verifyEmailEmail({ to, name, link }: { to: string; name: string; link: string }): MailMessage {
  return email(to, 'Verify your email for Tasklane', {
    greeting: name,
    paragraphs: ['Please confirm that this is your address by following this link:'],
    link: { href: link, label: 'Verify my email' },
    after: ['The link works for one hour. If you did not create a Tasklane account, ignore this email.'],
  })
}

export function changeEmailEmail({ to, name, link }: { to: string; name: string; link: string }): MailMessage {
  return email(to, 'Confirm your new email for Tasklane', {
    greeting: name,
    paragraphs: [`Someone asked to use ${to} for their Tasklane account. If it was you, confirm it here; until then, the account keeps its old address:`],
    link: { href: link, label: 'Use this address' },
    after: ['The link works for one hour. If it was not you, ignore this email.'],
  })
}

export function emailChangedEmail({ to, name, newEmail, signInLink }: { to: string; name: string; newEmail: string; signInLink: string }): MailMessage {
  return email(to, 'Your Tasklane email was changed', {
    greeting: name,
    paragraphs: [`Your Tasklane account now uses ${newEmail}; this address (${to}) no longer signs in to it.`],
    link: { href: signInLink, label: 'Sign in to Tasklane' },
    after: ['If you did not make this change, reset your password from the sign-in page at once and contact support.'],
  })
}

export function existingAccountSignUpEmail({ to, name, signInLink, forgotLink }: { to: string; name: string; signInLink: string; forgotLink: string }): MailMessage {
  return email(to, 'Someone tried to sign up to Tasklane with your email', {
    greeting: name,
    paragraphs: ['Someone tried to create a Tasklane account with this address, which already has one. Nothing was changed.', 'If it was you, sign in instead:'],
    link: { href: signInLink, label: 'Sign in to Tasklane' },
    after: [`Forgot your password? Reset it here: ${forgotLink}`, 'If it was not you, you can ignore this email.'],
  })
}

interface EmailBody {
  greeting: string
  paragraphs: string[]
  link: { href: string; label: string }
  after: string[]
}

function email(to: string, subject: string, body: EmailBody): MailMessage {
  const hello = body.greeting.trim() ? `Hello ${body.greeting.trim()},` : 'Hello,'
  const text = [hello, '', ...body.paragraphs, '', body.link.href, '', ...body.after, '', '— Tasklane'].join('\n')
  const paragraph = (value: string) => `<p>${escapeHtml(value)}</p>`
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">',
    paragraph(hello),
    ...body.paragraphs.map(paragraph),
    `<p><a href="${escapeHtml(body.link.href)}">${escapeHtml(body.link.label)}</a></p>`,
    `<p style="font-size:smaller">Or paste this link into your browser: ${escapeHtml(body.link.href)}</p>`,
    ...body.after.map(paragraph),
    '<p>— Tasklane</p>',
    '</body></html>',
  ].join('\n')
  return { to, subject, text, html }
}

/** Text for HTML content and attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}
