const FALLBACK = '/dashboard'

/**
 * `?next=` is honoured only for a path on this site: no scheme, no `//host`, no backslash tricks, no
 * control characters. Anything else goes to the dashboard, so a link cannot bounce a user to another site.
 */
export function safeNextPath(raw: string | string[] | undefined | null): string {
  const value = Array.isArray(raw) ? raw[0] : raw
  if (!value || !isPlainPath(value) || hasControlCharacter(value)) return FALLBACK
  try {
    const base = 'http://tasklane.invalid'
    const url = new URL(value, base)
    if (url.origin !== base) return FALLBACK
    if (url.pathname === '/sign-in' || url.pathname === '/sign-up') return FALLBACK
    const path = `${url.pathname}${url.search}${url.hash}`
    // Checked again after normalising: dot segments can make `//host` out of a path that did not start with it
    // (`/.//evil.example`, `/%2e//evil.example`, `/x/..//evil.example`), and a browser reads `//host` as another site.
    return isPlainPath(path) ? path : FALLBACK
  } catch {
    return FALLBACK
  }
}

/** Starts with one slash, and no backslash anywhere (browsers read `\\` as `/`). */
function isPlainPath(value: string): boolean {
  return value.startsWith('/') && !value.startsWith('//') && !value.includes('\\')
}

function hasControlCharacter(value: string): boolean {
  for (const char of value) if (char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f) return true
  return false
}
