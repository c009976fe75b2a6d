/**
 * The colour theme a user chose: `light` or `dark`, or, with no choice, whatever the system says (the CSS follows
 * `prefers-color-scheme` then). Kept in a cookie rather than only in the browser's storage so the server renders the
 * chosen theme into the page and nothing flashes the other one first (and no inline script is needed under the CSP).
 */
export const THEME_COOKIE = 'tasklane-theme'
export const THEMES = ['system', 'light', 'dark'] as const
export type Theme = (typeof THEMES)[number]

/** A cookie value as a theme; anything unknown (or nothing) is `system`. */
export function parseTheme(value: string | undefined): Theme {
  return value === 'light' || value === 'dark' ? value : 'system'
}

/** The Set-Cookie value that remembers `theme` for a year (or forgets the choice for `system`). */
export function themeCookie(theme: Theme, { secure }: { secure: boolean }): string {
  const lifetime = theme === 'system' ? 'Max-Age=0' : `Max-Age=${365 * 24 * 60 * 60}`
  return `${THEME_COOKIE}=${theme === 'system' ? '' : theme}; Path=/; ${lifetime}; SameSite=Lax${secure ? '; Secure' : ''}`
}
