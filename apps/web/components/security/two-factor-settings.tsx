'use client'
import { type FormEvent, useState } from 'react'
import QRCode from 'react-qr-code'
import { authClient } from '@/lib/auth-client'
import { totpSecretOf } from '@/lib/totp-uri'
import './security.css'

/**
 * - `off` / `on`: what sign-in asks for now;
 * - `password`: turning it on or off starts with the password;
 * - `scan`: the secret is shown (QR code and typed out) and is not in force until a code from it is confirmed;
 * - `backup-codes`: on, and the one-time backup codes are shown this once.
 */
type Step =
  | { name: 'off' | 'on' }
  | { name: 'password'; turning: 'on' | 'off' }
  | { name: 'scan'; totpURI: string; backupCodes: string[] }
  | { name: 'backup-codes'; backupCodes: string[] }

/** Two-factor sign-in with an authenticator app (TOTP), turned on and off here. */
export function TwoFactorSettings({ initiallyEnabled, email }: { initiallyEnabled: boolean; email: string }) {
  const [step, setStep] = useState<Step>({ name: initiallyEnabled ? 'on' : 'off' })
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)

  function go(next: Step) {
    setError(null)
    setStatus(null)
    setStep(next)
  }

  async function submitPassword(event: FormEvent<HTMLFormElement>, turning: 'on' | 'off') {
    event.preventDefault()
    const password = String(new FormData(event.currentTarget).get('password') ?? '')
    setPending(true)
    setError(null)
    if (turning === 'on') {
      const { data, error } = await authClient.twoFactor.enable({ password })
      setPending(false)
      if (error || !data || !('totpURI' in data) || !data.totpURI) return setError(describeError(error?.status ?? 500, 'password'))
      go({ name: 'scan', totpURI: data.totpURI, backupCodes: data.backupCodes ?? [] })
      return
    }
    const { error } = await authClient.twoFactor.disable({ password })
    setPending(false)
    if (error) return setError(describeError(error.status, 'password'))
    go({ name: 'off' })
    setStatus('Two-factor sign-in is off.')
  }

  async function confirmCode(event: FormEvent<HTMLFormElement>, backupCodes: string[]) {
    event.preventDefault()
    const code = String(new FormData(event.currentTarget).get('code') ?? '').replace(/\s/g, '')
    setPending(true)
    setError(null)
    const { error } = await authClient.twoFactor.verifyTotp({ code })
    setPending(false)
    if (error) return setError(describeError(error.status, 'code'))
    go({ name: 'backup-codes', backupCodes })
  }

  return (
    <section className="card security-section" aria-labelledby="two-factor-heading">
      <h2 id="two-factor-heading">Two-factor sign-in</h2>
      {step.name === 'off' && (
        <>
          <p>
            <strong>Off.</strong> Signing in with your password needs nothing else.
          </p>
          <button type="button" className="button" onClick={() => go({ name: 'password', turning: 'on' })}>
            Turn on two-factor
          </button>
        </>
      )}
      {step.name === 'on' && (
        <>
          <p>
            <strong>On.</strong> After your password, sign-in asks for a code from your authenticator app (or a backup code).
          </p>
          <button type="button" className="button danger" onClick={() => go({ name: 'password', turning: 'off' })}>
            Turn off two-factor
          </button>
        </>
      )}
      {step.name === 'password' && (
        <form onSubmit={(event) => submitPassword(event, step.turning)} aria-busy={pending}>
          <p className="hint">{step.turning === 'on' ? 'Confirm it is you before setting up an authenticator app.' : 'Confirm it is you before turning two-factor off.'}</p>
          <label>
            Current password
            <input name="password" type="password" autoComplete="current-password" required maxLength={128} autoFocus />
          </label>
          <div className="row">
            <button type="submit" className={step.turning === 'on' ? 'button' : 'button danger'} disabled={pending}>
              {step.turning === 'on' ? 'Continue' : 'Turn off'}
            </button>
            <button type="button" className="button secondary" onClick={() => go({ name: step.turning === 'on' ? 'off' : 'on' })}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {step.name === 'scan' && (
        <div className="two-factor-setup">
          <ol className="setup-steps">
            <li>
              Scan this code with an authenticator app (1Password, Google Authenticator, Aegis, …).
              <div className="qr-frame">
                <QRCode value={step.totpURI} size={176} className="qr-code" title={`QR code to add Tasklane (${email}) to an authenticator app`} />
              </div>
            </li>
            <li>
              Or type this key into the app:
              <code className="totp-secret" aria-label="Setup key">
                {groupsOf4(totpSecretOf(step.totpURI))}
              </code>
            </li>
            <li>
              <form onSubmit={(event) => confirmCode(event, step.backupCodes)} aria-busy={pending}>
                <label>
                  Code from the app
                  <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" maxLength={7} required />
                </label>
                <div className="row">
                  <button type="submit" className="button" disabled={pending}>
                    Turn on
                  </button>
                  <button type="button" className="button secondary" onClick={() => go({ name: 'off' })}>
                    Cancel
                  </button>
                </div>
              </form>
            </li>
          </ol>
        </div>
      )}
      {step.name === 'backup-codes' && <BackupCodes codes={step.backupCodes} onDone={() => go({ name: 'on' })} />}
      <p role="alert" className="error error-slot">
        {error}
      </p>
      <p role="status" className="ok-text status-slot">
        {status}
      </p>
    </section>
  )
}

/** Shown once, right after two-factor is on: each code signs in once when the app is not at hand. */
function BackupCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState<string | null>(null)
  const text = `Tasklane backup codes (each works once)\n\n${codes.join('\n')}\n`
  // A data: URL, not a blob: one: nothing to revoke, and it is the same on every render.
  const download = `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`

  async function copy() {
    try {
      await navigator.clipboard.writeText(text)
      setCopied('Copied.')
    } catch {
      setCopied('Copying is not allowed here: select the codes and copy them, or download them.')
    }
  }

  return (
    <div className="backup-codes">
      <p>
        <strong>Two-factor sign-in is on.</strong> Save these backup codes somewhere safe. Each one signs you in once if you lose your
        authenticator app; they are not shown again.
      </p>
      <ul className="backup-code-list" aria-label="Backup codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="row wrap">
        <button type="button" className="button secondary" onClick={copy}>
          Copy codes
        </button>
        <a className="button secondary" href={download} download="tasklane-backup-codes.txt">
          Download
        </a>
        <button type="button" className="button" onClick={onDone}>
          I saved them
        </button>
      </div>
      <p role="status" className="hint status-slot">
        {copied}
      </p>
    </div>
  )
}

function groupsOf4(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim()
}

function describeError(status: number, what: 'password' | 'code'): string {
  if (status === 429) return 'Too many attempts. Wait a few seconds and try again.'
  if (status === 0 || status >= 500) return 'Tasklane is not reachable right now. Try again in a moment.'
  if (status === 401 && what === 'password') return 'Your session has ended. Sign in again.'
  return what === 'password' ? 'That password is not right.' : 'That code is not right. Enter the code the app shows now.'
}
