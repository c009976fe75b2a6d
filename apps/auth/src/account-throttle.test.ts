import { describe, expect, it } from 'vitest'
import { normaliseEmail, retryAfterSeconds, signInWait } from './account-throttle.ts'

const settings = { freeFailures: 5, baseDelay: 30, maxDelay: 900, failureWindow: 86_400 }

describe('signInWait', () => {
  it('asks no wait while the account has fewer failures than the free ones', () => {
    expect([0, 1, 4].map((failures) => signInWait(failures, settings))).toEqual([0, 0, 0])
  })

  it('waits the base delay at the threshold and doubles it with each further failure, up to the cap', () => {
    expect([5, 6, 7, 8, 9, 10, 11, 12].map((failures) => signInWait(failures, settings))).toEqual([30, 60, 120, 240, 480, 900, 900, 900])
  })

  it('stays at the cap however many failures there are, never Infinity or NaN', () => {
    expect(signInWait(1_000, settings)).toBe(900)
    expect(signInWait(Number.MAX_SAFE_INTEGER, settings)).toBe(900)
  })

  it('throttles from the first failure with one free failure', () => {
    expect([0, 1, 2, 3].map((failures) => signInWait(failures, { ...settings, freeFailures: 1, baseDelay: 1, maxDelay: 4 }))).toEqual([0, 1, 2, 4])
  })
})

describe('normaliseEmail', () => {
  it('makes differently typed forms of one address the same account', () => {
    expect(normaliseEmail('  Jane.Doe@Example.COM\t')).toBe('jane.doe@example.com')
  })
})

describe('retryAfterSeconds', () => {
  it('rounds up to whole seconds and never says 0', () => {
    expect([1, 999, 1000, 1001, 0, -1].map(retryAfterSeconds)).toEqual([1, 1, 1, 2, 1, 1])
  })
})
