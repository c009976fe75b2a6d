import * as chrono from 'chrono-node'

/**
 * Calendar days as the api has them (`YYYY-MM-DD`, no time, no zone), always read in the browser's own time zone:
 * "today" is the user's day, never the server's.
 */

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/** `date`'s calendar day where this code runs (the browser's time zone). */
export function calendarDayOf(date: Date): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0')
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** Whether `value` is a `YYYY-MM-DD` day that exists (2026-02-30 is not), in the years 0001–9999 as the api takes them. */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const match = DAY_PATTERN.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (year < 1) return false
  const date = new Date(Date.UTC(2000, month - 1, day))
  date.setUTCFullYear(year)
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

// Noon UTC: whole days apart whatever the zone, and no daylight-saving hour can move a day.
function dayAsDate(day: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  const value = new Date(Date.UTC(2000, month - 1, date, 12))
  value.setUTCFullYear(year)
  return value
}

/** The day `days` after `day` (negative: before). */
export function addDays(day: string, days: number): string {
  const date = dayAsDate(day)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10).padStart(10, '0')
}

/** Whole days from `from` to `to` (negative: `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayAsDate(to).getTime() - dayAsDate(from).getTime()) / 86_400_000)
}

const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' })
const shortDate = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' })
const shortDateWithYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })

/** "Fri 4 Dec": a day named briefly, as the quick-entry chip shows it. */
export function shortDayText(day: string): string {
  return shortDate.format(dayAsDate(day)).replace(',', '')
}

export type DueTone = 'overdue' | 'today' | 'soon' | 'later'

export interface DueLabel {
  text: string
  tone: DueTone
}

/**
 * How a due day reads next to a task, seen from `today` (null: not known yet, as in a first render without the
 * user's day): "Today", "Tomorrow", "Yesterday", a weekday within the coming week, else a short date ("4 Dec", with
 * the year when it is not this year's). A day before today is overdue.
 */
export function dueLabel(dueOn: string, today: string | null): DueLabel {
  if (today === null) return { text: shortDateWithYear.format(dayAsDate(dueOn)), tone: 'later' }
  const days = daysBetween(today, dueOn)
  if (days === 0) return { text: 'Today', tone: 'today' }
  if (days === 1) return { text: 'Tomorrow', tone: 'soon' }
  if (days === -1) return { text: 'Yesterday', tone: 'overdue' }
  if (days > 1 && days < 7) return { text: weekday.format(dayAsDate(dueOn)), tone: 'soon' }
  const sameYear = dueOn.slice(0, 4) === today.slice(0, 4)
  const text = sameYear ? shortDate.format(dayAsDate(dueOn)).replace(',', '') : shortDateWithYear.format(dayAsDate(dueOn))
  return { text, tone: days < 0 ? 'overdue' : 'later' }
}

/** A due day found at the end of a new task's title. */
export interface TrailingDueDay {
  /** The title without the date words (and a dangling "by", "on" or "due" before them). */
  title: string
  dueOn: string
  /** The words that named the day, as typed. */
  words: string
}

// Words that only introduce the date ("Report by tomorrow", "Pay rent due fri"): they go with it.
const DANGLING_CONNECTOR = /\s+(?:by|on|due|due on|due by)$/i

/**
 * The due day a title ends with ("Pay rent tomorrow", "Call Ann fri", "… 2026-12-24", "next week"), read with chrono
 * relative to `now` in the browser's time zone, always forward (a bare "fri" is the coming Friday). Only a match that
 * ends the title and names a day (a time alone, "at 5pm", is not one) counts, and something must be left of the title.
 */
export function trailingDueDay(title: string, now: Date): TrailingDueDay | null {
  const text = title.trimEnd()
  if (text === '') return null
  const last = chrono.parse(text, now, { forwardDate: true }).at(-1)
  if (!last || last.index + last.text.length !== text.length) return null
  if (!last.start.isCertain('day') && !last.start.isCertain('weekday')) return null
  // Only the words of the match count: "Read chapter 3 dec 4" must keep its "3".
  if (last.index > 0 && !/\s/.test(text[last.index - 1] ?? '')) return null
  const rest = text.slice(0, last.index).trimEnd().replace(DANGLING_CONNECTOR, '').trimEnd()
  if (rest === '') return null
  return { title: rest, dueOn: calendarDayOf(last.start.date()), words: last.text }
}
