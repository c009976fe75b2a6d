export { accountSignInThrottle } from './account-sign-in-throttle.ts'
export { account, rateLimit, session, user, verification } from './auth.ts'
export { TASK_SEARCH_CONFIG, tasks, type TaskRow } from './tasks.ts'
