import type { TaskFilter, TaskView } from '@tasklane/api/contract'

/** The dashboard's own address, where the list shown lives in `?status=`, `?view=` and `?sort=`. */
export const DASHBOARD_PATH = '/dashboard'

/** The orders the dashboard offers; each is one api sort with its natural direction (see `apiOrderOf`). */
export const DASHBOARD_SORTS = ['created', 'due', 'priority', 'title'] as const
export type DashboardSort = (typeof DASHBOARD_SORTS)[number]

/** What the dashboard lists: the completion filter, the date view and the order, all in the URL. */
export interface DashboardList {
  status: TaskFilter
  view: TaskView
  sort: DashboardSort
}

// The URL speaks the user's words ("Active", "no-date"); the api's words are `pending` and `no_date`.
const FILTER_BY_PARAM: Readonly<Record<string, TaskFilter>> = { active: 'pending', completed: 'completed' }
const PARAM_BY_FILTER: Readonly<Record<TaskFilter, string | null>> = { all: null, pending: 'active', completed: 'completed' }
const VIEW_BY_PARAM: Readonly<Record<string, TaskView>> = { today: 'today', upcoming: 'upcoming', overdue: 'overdue', 'no-date': 'no_date' }
const PARAM_BY_VIEW: Readonly<Record<TaskView, string | null>> = { all: null, today: 'today', upcoming: 'upcoming', overdue: 'overdue', no_date: 'no-date' }
const SORT_BY_PARAM: Readonly<Record<string, DashboardSort>> = { created: 'created', due: 'due', priority: 'priority', title: 'title' }

type ParamValue = string | readonly string[] | null | undefined

// Next gives a page one value as a string and several as an array; `URLSearchParams.getAll` gives an array always.
// Several values, or one that is not a known word (an own key only: not `toString`), read as none.
function known<T>(table: Readonly<Record<string, T>>, value: ParamValue): T | undefined {
  const only = typeof value === 'string' ? value : value?.length === 1 ? value[0] : undefined
  return only !== undefined && Object.hasOwn(table, only) ? table[only] : undefined
}

/**
 * The filter `?status=` names: `active` or `completed`; anything else (missing, unknown, repeated, the api's own
 * `pending`) shows all, so an old or mistyped link still opens the dashboard.
 */
export function taskFilterFromParam(value: ParamValue): TaskFilter {
  return known(FILTER_BY_PARAM, value) ?? 'all'
}

/** Upcoming reads as a schedule, soonest first; every other view lists the newest first. */
export function defaultSortOf(view: TaskView): DashboardSort {
  return view === 'upcoming' ? 'due' : 'created'
}

/** The list a dashboard URL's parameters name; anything unknown falls back as `taskFilterFromParam` does. */
export function dashboardListFromParams(params: { status?: ParamValue; view?: ParamValue; sort?: ParamValue }): DashboardList {
  const view = known(VIEW_BY_PARAM, params.view) ?? 'all'
  return { status: taskFilterFromParam(params.status), view, sort: known(SORT_BY_PARAM, params.sort) ?? defaultSortOf(view) }
}

/** The list `URLSearchParams` (the browser's `useSearchParams`) name. */
export function dashboardListFromSearch(search: Pick<URLSearchParams, 'getAll'>): DashboardList {
  return dashboardListFromParams({ status: search.getAll('status'), view: search.getAll('view'), sort: search.getAll('sort') })
}

/** The dashboard's address for `list`, shortest form: `/dashboard`, `/dashboard?status=active&view=today&sort=due`. */
export function dashboardUrl(list: DashboardList): string {
  const query = new URLSearchParams()
  const status = PARAM_BY_FILTER[list.status]
  const view = PARAM_BY_VIEW[list.view]
  if (status) query.set('status', status)
  if (view) query.set('view', view)
  if (list.sort !== defaultSortOf(list.view)) query.set('sort', list.sort)
  const search = query.toString()
  return search ? `${DASHBOARD_PATH}?${search}` : DASHBOARD_PATH
}

/** The dashboard's address for `filter` in the default view: `/dashboard`, `/dashboard?status=active`, … */
export function taskFilterUrl(filter: TaskFilter): string {
  return dashboardUrl({ status: filter, view: 'all', sort: 'created' })
}

/** Sign-in, then back to the dashboard with this list; `/` is left as it is, as a query value may hold it. */
export function signInUrlFor(list: TaskFilter | DashboardList): string {
  const url = typeof list === 'string' ? taskFilterUrl(list) : dashboardUrl(list)
  return `/sign-in?next=${encodeURIComponent(url).replaceAll('%2F', '/')}`
}
