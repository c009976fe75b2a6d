import { describe, it } from 'vitest'

// Stands in for a project whose server is missing (vitest.config.ts): every file it would have run is reported as
// skipped, with the reason, never as passed.
const reason = process.env.TASKLANE_UNAVAILABLE ?? 'a server this project needs is not reachable'
const files: string[] = JSON.parse(process.env.TASKLANE_SKIPPED_FILES ?? '[]')

describe.each(files)('%s', () => {
  it.skip(`skipped: ${reason}`, () => {})
})
