import { describe, expect, it } from 'vitest'
import { totpSecretOf } from './totp-uri'

describe('totpSecretOf', () => {
  it('reads the secret of an otpauth URI, and nothing from anything else', () => {
    expect(totpSecretOf('otpauth://totp/Tasklane:a%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Tasklane&digits=6&period=30')).toBe('JBSWY3DPEHPK3PXP')
    expect(totpSecretOf('not a uri')).toBe('')
    expect(totpSecretOf('otpauth://totp/Tasklane')).toBe('')
  })
})
