import type { TaskFilter, TaskView } from '@tasklane/api/contract'

/** The dashboard's own address, where the list shown lives in `?list=`, `?status=`, `?view=`, `?sort=` and `?q=`. */
export const DASHBOARD_PATH = '/dashboard'

/** The orders the dashboard offers; each is one api sort with its natural direction (see `apiOrderOf`). */
export const DASHBOARD_SORTS = ['created', 'due', 'priority', 'title', 'position'] as const
export type DashboardSort = (typeof DASHBOARD_SORTS)[number]

/** What the dashboard lists: the completion filter, the date view, the order and the search as typed, all in the URL. */
export interface DashboardList {
  status: TaskFilter
  view: TaskView
  sort: DashboardSort
  /** The search box's text as typed ('' for none); `searchOf` says what it searches for. */
  q: string
  /** Which of the user's lists: `inbox` (tasks in no list), a list id, or null for every task ("All tasks"). */
  list: ListChoice
}

/** `inbox`, one of the user's list ids, or null: no list filter (docs/decisions/012-lists-inbox-is-null.md). */
export type ListChoice = string | null
export const INBOX_CHOICE = 'inbox'
// The api takes `inbox` or a UUID; anything else in a link shows every task rather than an error.
const LIST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu

/** The list `?list=` names: `inbox` or a list id (lower-cased, so one list is one cached listing); else null. */
export function listChoiceFromParam(value: ParamValue): ListChoice {
  const only = typeof value === 'string' ? value : value?.length === 1 ? value[0] : undefined
  if (only === INBOX_CHOICE) return INBOX_CHOICE
  return only !== undefined && LIST_ID.test(only) ? only.toLowerCase() : null
}

// The URL speaks the user's words ("Active", "no-date"); the api's words are `pending` and `no_date`.
const FILTER_BY_PARAM: Readonly<Record<string, TaskFilter>> = { active: 'pending', completed: 'completed' }
const PARAM_BY_FILTER: Readonly<Record<TaskFilter, string | null>> = { all: null, pending: 'active', completed: 'completed' }
const VIEW_BY_PARAM: Readonly<Record<string, TaskView>> = { today: 'today', upcoming: 'upcoming', overdue: 'overdue', 'no-date': 'no_date' }
const PARAM_BY_VIEW: Readonly<Record<TaskView, string | null>> = { all: null, today: 'today', upcoming: 'upcoming', overdue: 'overdue', no_date: 'no-date' }
const SORT_BY_PARAM: Readonly<Record<string, DashboardSort>> = { created: 'created', due: 'due', priority: 'priority', title: 'title', position: 'position' }

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

/** The longest search the api takes (its `SEARCH_MAX`; the contract is imported for types only, so it is restated here). */
export const SEARCH_MAX_CHARS = 200

// A piece of a search holds a word only if it has a letter or a digit, as the api reads it (task-search.ts).
const HAS_WORD = /[\p{L}\p{N}]/u
// What the api refuses to take as text (a NUL, half of a surrogate pair): such a piece of a link is left out, not sent.
// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const NOT_STORABLE = /[\u0000\p{Cs}]/u

/**
 * What a search box's text searches for: its pieces that hold a word, one space apart; '' when none does (the api then
 * lists without a search). So `milk`, ` milk ` and `milk  ` are one search, one cached list and one request.
 */
export function searchOf(text: string): string {
  return text
    .split(/\s+/u)
    .filter((piece) => HAS_WORD.test(piece) && !NOT_STORABLE.test(piece))
    .join(' ')
}

/** `?q=` as typed, cut at the api's limit; several values read as none, as for the other parameters. */
function searchTextOf(value: ParamValue): string {
  const only = typeof value === 'string' ? value : value?.length === 1 ? value[0] : undefined
  return (only ?? '').slice(0, SEARCH_MAX_CHARS)
}

/** The list a dashboard URL's parameters name; anything unknown falls back as `taskFilterFromParam` does. */
export function dashboardListFromParams(params: { status?: ParamValue; view?: ParamValue; sort?: ParamValue; q?: ParamValue; list?: ParamValue }): DashboardList {
  const view = known(VIEW_BY_PARAM, params.view) ?? 'all'
  return {
    status: taskFilterFromParam(params.status),
    view,
    sort: known(SORT_BY_PARAM, params.sort) ?? defaultSortOf(view),
    q: searchTextOf(params.q),
    list: listChoiceFromParam(params.list),
  }
}

/** The list `URLSearchParams` (the browser's `useSearchParams`) name. */
export function dashboardListFromSearch(search: Pick<URLSearchParams, 'getAll'>): DashboardList {
  return dashboardListFromParams({ status: search.getAll('status'), view: search.getAll('view'), sort: search.getAll('sort'), q: search.getAll('q'), list: search.getAll('list') })
}

/**
 * The dashboard's address for `list`, shortest form: `/dashboard`, `/dashboard?status=active&view=today&sort=due`,
 * `/dashboard?list=inbox&q=milk`. The search stays as typed (a trailing space too), so the box reads back what the user typed;
 * text that searches for nothing is left out.
 */
export function dashboardUrl(list: DashboardList): string {
  const query = new URLSearchParams()
  if (list.list !== null) query.set('list', list.list)
  const status = PARAM_BY_FILTER[list.status]
  const view = PARAM_BY_VIEW[list.view]
  if (status) query.set('status', status)
  if (view) query.set('view', view)
  if (list.sort !== defaultSortOf(list.view)) query.set('sort', list.sort)
  if (searchOf(list.q) !== '') query.set('q', list.q)
  const search = query.toString()
  return search ? `${DASHBOARD_PATH}?${search}` : DASHBOARD_PATH
}

/** The dashboard's address for `filter` in the default view: `/dashboard`, `/dashboard?status=active`, … */
export function taskFilterUrl(filter: TaskFilter): string {
  return dashboardUrl({ status: filter, view: 'all', sort: 'created', q: '', list: null })
}

/** Sign-in, then back to the dashboard with this list; `/` is left as it is, as a query value may hold it. */
export function signInUrlFor(list: TaskFilter | DashboardList): string {
  const url = typeof list === 'string' ? taskFilterUrl(list) : dashboardUrl(list)
  return `/sign-in?next=${encodeURIComponent(url).replaceAll('%2F', '/')}`
}
