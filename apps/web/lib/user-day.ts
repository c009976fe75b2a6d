import { isCalendarDay } from './due-dates'

/**
 * The user's own calendar day, as their browser last said it. The server renders the dashboard's first page but does
 * not know the user's time zone, and a date view ("Today") depends on it, so the browser keeps this cookie set to its
 * local day (use-today.ts) and the server renders a date view for that day. The browser checks the day again as it
 * starts: if the cookie was stale (past midnight, another zone), the page the server rendered is not used and the
 * browser fetches the list for its own day. Without the cookie (first visit), a date view is fetched by the browser.
 * Not a secret and not trusted for anything but choosing which day to ask the api about.
 */
export const USER_DAY_COOKIE = 'tasklane-day'

/** Two days: long enough to outlive one night, short enough that a forgotten one is soon gone. */
const MAX_AGE_S = 2 * 24 * 60 * 60

/** The day a cookie value names, or null for anything that is not a `YYYY-MM-DD` day. */
export function parseUserDay(value: string | undefined): string | null {
  return isCalendarDay(value) ? value : null
}

/** The `document.cookie` assignment that stores `day` for the dashboard's next server render. */
export function userDayCookie(day: string, secure: boolean): string {
  return `${USER_DAY_COOKIE}=${day}; Path=/; Max-Age=${MAX_AGE_S}; SameSite=Lax${secure ? '; Secure' : ''}`
}
