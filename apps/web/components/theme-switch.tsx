'use client'
import { useState } from 'react'
import { type Theme, THEMES, themeCookie } from '@/lib/theme'

const LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' }

/** System, light or dark: applied at once, and remembered in a cookie the server renders the next page with. */
export function ThemeSwitch({ initialTheme }: { initialTheme: Theme }) {
  const [theme, setTheme] = useState(initialTheme)

  function choose(next: Theme) {
    setTheme(next)
    document.cookie = themeCookie(next, { secure: location.protocol === 'https:' })
    if (next === 'system') delete document.documentElement.dataset.theme
    else document.documentElement.dataset.theme = next
  }

  return (
    <label className="theme-switch">
      <span className="visually-hidden">Theme</span>
      <select value={theme} onChange={(event) => choose(event.target.value as Theme)}>
        {THEMES.map((option) => (
          <option key={option} value={option}>
            {LABELS[option]}
          </option>
        ))}
      </select>
    </label>
  )
}
