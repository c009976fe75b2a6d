import { describe, expect, it } from 'vitest'
import { deviceName } from './device-name'

describe('deviceName', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', 'Chrome on Linux'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', 'Safari on macOS'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'Mobile Safari on iOS'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox on Windows'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36', 'Chrome on Android'],
  ])('names %s as %s', (agent, name) => {
    expect(deviceName(agent)).toBe(name)
  })

  it('shows what it cannot read as a short line of the raw text, or Unknown device', () => {
    expect(deviceName('curl/8.5.0')).toBe('curl/8.5.0')
    expect(deviceName(`my-script/${'x'.repeat(200)}`)).toHaveLength(41)
    expect(deviceName('')).toBe('Unknown device')
    expect(deviceName('   ')).toBe('Unknown device')
    expect(deviceName(null)).toBe('Unknown device')
  })
})
