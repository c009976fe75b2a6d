import { UAParser } from 'ua-parser-js'

/**
 * A name for a new passkey from the browser and system it is made on ("Chrome on macOS"), which the user may change:
 * the list then says which device each one lives on. Falls back to "Passkey" when the user agent says nothing useful.
 */
export function deviceName(userAgent: string): string {
  const { browser, os, device } = new UAParser(userAgent).getResult()
  const where = os.name ?? device.model ?? device.vendor
  if (browser.name && where) return `${browser.name} on ${where}`
  return browser.name ?? where ?? 'Passkey'
}
