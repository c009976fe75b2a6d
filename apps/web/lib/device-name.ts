import { UAParser } from 'ua-parser-js'

const MAX_UNKNOWN_AGENT_LENGTH = 40
// ua-parser-js 1 (MIT; version 2 is AGPL) still says "Mac OS"; Apple has called it macOS since 2016.
const OS_NAMES: Readonly<Record<string, string>> = { 'Mac OS': 'macOS' }

/**
 * What a person calls the device a session was signed in from, read from its user agent: "Chrome on Linux",
 * "Mobile Safari on iOS". Better Auth stores the user agent as the browser sent it; anything unrecognised (a script,
 * an empty header) is shown as the start of the raw text, or "Unknown device", never more than a short line.
 * Runs on the server only: the parser stays out of the browser bundle.
 */
export function deviceName(userAgent: string | null | undefined): string {
  const agent = userAgent?.trim() ?? ''
  if (agent === '') return 'Unknown device'
  const { browser, os: reported } = UAParser(agent)
  const os = { name: reported.name && (OS_NAMES[reported.name] ?? reported.name) }
  if (browser.name && os.name) return `${browser.name} on ${os.name}`
  if (browser.name) return browser.name
  if (os.name) return `A browser on ${os.name}`
  return agent.length > MAX_UNKNOWN_AGENT_LENGTH ? `${agent.slice(0, MAX_UNKNOWN_AGENT_LENGTH)}…` : agent
}
