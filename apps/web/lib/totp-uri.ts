/** The base32 secret inside an `otpauth://totp/…?secret=…` URI, for people who type it into their app by hand. */
export function totpSecretOf(totpURI: string): string {
  try {
    return new URL(totpURI).searchParams.get('secret') ?? ''
  } catch {
    return ''
  }
}
