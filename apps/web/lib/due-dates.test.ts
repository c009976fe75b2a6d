import { describe, expect, it } from 'vitest'
import { addDays, calendarDayOf, daysBetween, dueLabel, isCalendarDay, shortDayText, trailingDueDay } from './due-dates'

// Tuesday 1 December 2026, mid-morning, in whatever zone the tests run in: chrono and the labels read local time.
const NOW = new Date(2026, 11, 1, 10, 0)
const TODAY = '2026-12-01'

describe('calendar days', () => {
  it('reads the local day, checks days that exist, and counts whole days', () => {
    expect(calendarDayOf(NOW)).toBe(TODAY)
    expect(calendarDayOf(new Date(2026, 0, 1, 0, 0))).toBe('2026-01-01')
    expect(isCalendarDay('2028-02-29')).toBe(true)
    for (const bad of ['2026-02-29', '2026-02-30', '2026-13-01', '0000-01-01', '2026-1-01', ' 2026-01-01', '', null, 20260101]) expect(isCalendarDay(bad), String(bad)).toBe(false)
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(daysBetween('2026-12-01', '2026-12-08')).toBe(7)
    expect(daysBetween('2026-03-29', '2026-03-28')).toBe(-1)
  })
})

describe('due labels', () => {
  it('says Today, Tomorrow, Yesterday, a weekday within the week, else a short date; before today is overdue', () => {
    expect(dueLabel(TODAY, TODAY)).toEqual({ text: 'Today', tone: 'today' })
    expect(dueLabel('2026-12-02', TODAY)).toEqual({ text: 'Tomorrow', tone: 'soon' })
    expect(dueLabel('2026-11-30', TODAY)).toEqual({ text: 'Yesterday', tone: 'overdue' })
    expect(dueLabel('2026-12-04', TODAY)).toEqual({ text: 'Friday', tone: 'soon' })
    expect(dueLabel('2026-12-07', TODAY)).toEqual({ text: 'Monday', tone: 'soon' })
    // A week away is no longer "Tuesday" (that would read as today's weekday).
    expect(dueLabel('2026-12-08', TODAY)).toEqual({ text: 'Tue 8 Dec', tone: 'later' })
    expect(dueLabel('2026-11-20', TODAY)).toEqual({ text: 'Fri 20 Nov', tone: 'overdue' })
    expect(dueLabel('2027-01-15', TODAY)).toEqual({ text: '15 Jan 2027', tone: 'later' })
    // Without the user's day (a first render with no day cookie), only the date, never a relative word.
    expect(dueLabel(TODAY, null)).toEqual({ text: '1 Dec 2026', tone: 'later' })
    expect(shortDayText('2026-12-04')).toBe('Fri 4 Dec')
  })
})

describe('a due day at the end of a new task title', () => {
  const found = (title: string) => trailingDueDay(title, NOW)

  it('recognises trailing day words, relative to now, always forward', () => {
    expect(found('Pay rent tomorrow')).toEqual({ title: 'Pay rent', dueOn: '2026-12-02', words: 'tomorrow' })
    expect(found('Call Ann fri')).toEqual({ title: 'Call Ann', dueOn: '2026-12-04', words: 'fri' })
    expect(found('Call Ann Friday')?.dueOn).toBe('2026-12-04')
    expect(found('Wrap gifts 2026-12-24')).toEqual({ title: 'Wrap gifts', dueOn: '2026-12-24', words: '2026-12-24' })
    expect(found('Water plants today')?.dueOn).toBe(TODAY)
    expect(found('Plan the trip next week')?.dueOn).toBe('2026-12-08')
    // A weekday that has passed this week is next week's, and "monday" with its "on" goes as one.
    expect(found('Call mom on monday')).toEqual({ title: 'Call mom', dueOn: '2026-12-07', words: 'on monday' })
    expect(found('Report by tomorrow')).toEqual({ title: 'Report', dueOn: '2026-12-02', words: 'tomorrow' })
    expect(found('Pay rent tomorrow   ')?.title).toBe('Pay rent')
  })

  it('ignores a date that does not end the title, a time alone, a title that is only a date, and plain titles', () => {
    for (const title of ['Tomorrow I will call', 'Pay rent tomorrow morning please', 'Meet at 5pm', 'tomorrow', 'Sun', 'Buy milk', 'first kept', 'refused one', 'task 1', 'Read chapter 3', '']) {
      expect(found(title), title).toBeNull()
    }
  })
})
