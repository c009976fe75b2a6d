export { accountSignInThrottle } from './account-sign-in-throttle.ts'
export { account, rateLimit, session, user, verification } from './auth.ts'
export { tasks, type TaskRow } from './tasks.ts'
