'use client'
import { useEffect, useSyncExternalStore } from 'react'
import { calendarDayOf } from '@/lib/due-dates'
import { userDayCookie } from '@/lib/user-day'

const readToday = () => calendarDayOf(new Date())

// Midnight, a return to the tab or the window: the day may have changed (a laptop opened the next morning).
function subscribe(onChange: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const untilMidnight = () => {
    const now = new Date()
    const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1)
    clearTimeout(timer)
    // A second late, so the new day has surely begun; then again for the one after.
    timer = setTimeout(() => {
      onChange()
      untilMidnight()
    }, midnight.getTime() - now.getTime() + 1_000)
  }
  const check = () => {
    onChange()
    untilMidnight()
  }
  untilMidnight()
  document.addEventListener('visibilitychange', check)
  window.addEventListener('focus', check)
  return () => {
    clearTimeout(timer)
    document.removeEventListener('visibilitychange', check)
    window.removeEventListener('focus', check)
  }
}

/**
 * The user's calendar day in the browser's time zone (`YYYY-MM-DD`), kept current across midnight. The server's
 * render and hydration use `serverDay` (the day the cookie named, null if none), so both render the same; the
 * browser's own day follows at once. The cookie is kept set to it for the next server render (user-day.ts).
 */
export function useToday(serverDay: string | null): string | null {
  const today = useSyncExternalStore(subscribe, readToday, () => serverDay)
  useEffect(() => {
    if (today !== null) document.cookie = userDayCookie(today, window.location.protocol === 'https:')
  }, [today])
  return today
}
