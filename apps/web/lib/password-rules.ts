/** The password rules sign-up and reset share, as auth enforces them (apps/auth/src/better-auth.ts). */
export const MIN_PASSWORD_LENGTH = 8
export const MAX_PASSWORD_LENGTH = 128
export const PASSWORD_RULES_TEXT = `At least ${MIN_PASSWORD_LENGTH} characters (up to ${MAX_PASSWORD_LENGTH}).`
