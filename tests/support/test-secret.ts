/** `BETTER_AUTH_SECRET` of every auth a test starts; the log scan looks for it too (tests/setup/log-scan.ts). */
export const TEST_SECRET = 'integration-test-secret-integration-test-secret'
