/** `BETTER_AUTH_SECRET` of every auth a test starts; the log scan looks for it too (tests/setup/log-scan.ts). */
export const TEST_SECRET = 'integration-test-secret-integration-test-secret'

/**
 * In the run's log folder: one a line, every password and session token the test helpers handled
 * (tests/support/service-logs.ts writes it, tests/setup/log-scan.ts reads it).
 */
export const SECRETS_FILE = 'secrets-seen.txt'
