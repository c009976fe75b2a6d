import type { TaskFilter } from '@tasklane/api/contract'

/** The dashboard's own address, where the filter lives in `?status=`. */
export const DASHBOARD_PATH = '/dashboard'

// The URL speaks the user's words ("Active"); the api's word for it is `pending`.
const FILTER_BY_PARAM: Readonly<Record<string, TaskFilter>> = { active: 'pending', completed: 'completed' }
const PARAM_BY_FILTER: Readonly<Record<TaskFilter, string | null>> = { all: null, pending: 'active', completed: 'completed' }

/**
 * The filter `?status=` names: `active` or `completed`; anything else (missing, unknown, repeated, the api's own
 * `pending`) shows all, so an old or mistyped link still opens the dashboard.
 */
export function taskFilterFromParam(value: string | readonly string[] | null | undefined): TaskFilter {
  // Next gives a page one value as a string and several as an array; `URLSearchParams.getAll` gives an array always.
  const only = typeof value === 'string' ? value : value?.length === 1 ? value[0] : undefined
  if (only === undefined || !Object.hasOwn(FILTER_BY_PARAM, only)) return 'all'
  return FILTER_BY_PARAM[only] ?? 'all'
}

/** The dashboard's address for `filter`: `/dashboard`, `/dashboard?status=active`, `/dashboard?status=completed`. */
export function taskFilterUrl(filter: TaskFilter): string {
  const param = PARAM_BY_FILTER[filter]
  return param ? `${DASHBOARD_PATH}?status=${param}` : DASHBOARD_PATH
}

/** Sign-in, then back to the dashboard with this filter; `/` is left as it is, as a query value may hold it. */
export function signInUrlFor(filter: TaskFilter): string {
  return `/sign-in?next=${encodeURIComponent(taskFilterUrl(filter)).replaceAll('%2F', '/')}`
}
