import type { Page } from 'playwright-core'

/**
 * Chromium's virtual authenticator (DevTools' WebAuthn domain) on one page: a platform authenticator that holds
 * discoverable credentials and always verifies its user, so `navigator.credentials.create()` and `.get()` complete
 * without a person, for real, on http://localhost. It stays with the page across navigations.
 */
export async function addVirtualAuthenticator(page: Page): Promise<{ credentialCount(): Promise<number> }> {
  const session = await page.context().newCDPSession(page)
  await session.send('WebAuthn.enable')
  const { authenticatorId } = await session.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  })
  return {
    async credentialCount() {
      const { credentials } = await session.send('WebAuthn.getCredentials', { authenticatorId })
      return credentials.length
    },
  }
}
