/** `BETTER_AUTH_SECRET` of every auth a test starts; the log scan looks for it too (tests/setup/log-scan.ts). */
export const TEST_SECRET = 'integration-test-secret-integration-test-secret'

/**
 * Text only a secret contains, whoever made it: an `otpauth://` URI carries a TOTP secret, so any in a log is a leak,
 * noted or not. The TOTP secrets and backup codes the tests see are noted one by one as well (`noteSecrets`).
 */
export const SECRET_MARKERS = ['otpauth://']

/**
 * In the run's log folder: one a line, every password, session token, TOTP secret and backup code the test helpers handled
 * (tests/support/service-logs.ts writes it, tests/setup/log-scan.ts reads it).
 */
export const SECRETS_FILE = 'secrets-seen.txt'
