'use client'
import { DndContext, type DragEndEvent, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors } from '@dnd-kit/core'
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable'
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query'
import type { CountedTaskList, ListDeleteChoice, Task, TaskCounts, TaskFilter, TaskLists, TaskPage, TaskPriority, TaskView } from '@tasklane/api/contract'
import { useSearchParams } from 'next/navigation'
import { type FormEvent, type KeyboardEvent, type MouseEvent, useEffect, useMemo, useRef, useState } from 'react'
import { isCalendarDay, shortDayText, type TrailingDueDay, trailingDueDay } from '@/lib/due-dates'
import { listChoiceName, listIdForNewTask } from '@/lib/list-order'
import { createListsClient } from '@/lib/lists-client'
import { completedTasksText, taskCountText, tasksLeftText } from '@/lib/task-counter'
import {
  DASHBOARD_SORTS,
  type DashboardList,
  type DashboardSort,
  dashboardListFromSearch,
  dashboardUrl,
  defaultSortOf,
  INBOX_CHOICE,
  type ListChoice,
  SEARCH_MAX_CHARS,
  searchOf,
} from '@/lib/task-filter-url'
import { neighboursOfMove } from '@/lib/task-order'
import { markAllTarget, type TaskListShape } from '@/lib/task-pages'
import { listKeys, listShapeFor, listsOverviewQuery, taskCountsQuery, taskKeys, taskListQuery } from '@/lib/task-queries'
import { createTasksClient, TaskRequestError } from '@/lib/tasks-client'
import { undoWindow } from '@/lib/undo-window'
import { TaskDraftItem } from './task-draft-item'
import { TASK_KEYS_HINT_ID, TaskItem } from './task-item'
import { KeyboardShortcutsHelp, useKeyboardShortcuts } from './keyboard-shortcuts'
import { ListsNav } from './lists-nav'
import { SortableTaskItem } from './sortable-task-item'
import { PRIORITY_LABELS } from './task-details'
import { useListChanges } from './use-list-changes'
import { type NewTask, type TaskEdits, useTaskChanges } from './use-task-changes'
import { useLiveTaskUpdates } from './use-live-task-updates'
import { useToday } from './use-today'

const UNDO_MS = 5_000
const FILTERS: Array<{ value: TaskFilter; label: string; count: keyof TaskCounts }> = [
  { value: 'all', label: 'All', count: 'all' },
  { value: 'pending', label: 'Active', count: 'pending' },
  { value: 'completed', label: 'Completed', count: 'completed' },
]
const VIEWS: Array<{ value: TaskView; label: string }> = [
  { value: 'today', label: 'Today' },
  { value: 'upcoming', label: 'Upcoming' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'no_date', label: 'No date' },
  { value: 'all', label: 'All' },
]
const SORT_LABELS: Readonly<Record<DashboardSort, string>> = { created: 'Newest', due: 'Due date', priority: 'Priority', title: 'Title', position: 'My order' }
/** The search follows the typing once it pauses: a request per word, not per key. */
const SEARCH_DEBOUNCE_MS = 250
const EMPTY_TEXT: Readonly<Record<TaskView, string>> = {
  all: 'No tasks yet. Add your first one above.',
  today: 'Nothing due today. Nice.',
  upcoming: 'Nothing coming up.',
  overdue: 'Nothing overdue.',
  no_date: 'No tasks without a date.',
}
const sameShape = (a: TaskListShape, b: TaskListShape) =>
  a.status === b.status && a.view === b.view && a.sort === b.sort && a.today === b.today && a.q === b.q && a.list === b.list
/** The same list but for its search: while the next search loads, the last one's tasks stay (no jump to "Loading…"). */
const sameButSearch = (a: TaskListShape, b: TaskListShape) => sameShape({ ...a, q: '' }, { ...b, q: '' })

// The draggable handle's instructions and what a screen reader hears as a task is dragged (titles, not ids).
const DRAG_INSTRUCTIONS = {
  draggable: 'To move a task, press Space or Enter on its handle, then the arrow keys, then Space again to put it down; Escape puts it back. Alt+Up and Alt+Down move a focused task one place.',
}

interface Notice {
  kind: 'error' | 'info'
  text: string
  undo?: () => void
}

// The server rendered the first page for this page load: its age counts from the navigation, so the seed is never
// taken for fresher than it is (should the cache drop it and the filter be shown again, it is fetched anew).
const seededAt = () => performance.timeOrigin

interface TaskDashboardProps {
  userId: string
  /** The user's day as the cookie named it to the server (null: none), for a first render that matches the server's. */
  serverDay: string | null
  /** The list the server rendered the first page for, from the URL and that day. */
  initialShape: TaskListShape
  /** Null when the server could not render it (a date view on a day it did not know). */
  initialPage: TaskPage | null
  initialCounts: TaskCounts
  /** The user's lists and their counts, for the lists navigation's first render. */
  initialLists: TaskLists
}

export function TaskDashboard({ userId, serverDay, initialShape, initialPage, initialCounts, initialLists }: TaskDashboardProps) {
  const client = useMemo(() => createTasksClient(userId), [userId])
  const listsClient = useMemo(() => createListsClient(userId), [userId])
  const queryClient = useQueryClient()
  useLiveTaskUpdates(userId)
  const today = useToday(serverDay)
  // The URL holds the list: a reload keeps it, and Back and Forward move between filters, views and orders.
  const list = dashboardListFromSearch(useSearchParams())
  const filter = list.status
  const shape = listShapeFor(list, today)
  // A date view waits for the browser's own day (a first render without the day cookie).
  const waitingForDay = shape.view !== 'all' && shape.view !== 'no_date' && shape.today === null
  const [notice, setNotice] = useState<Notice | null>(null)
  const titleInput = useRef<HTMLInputElement>(null)
  const searchInput = useRef<HTMLInputElement>(null)
  const descriptionInput = useRef<HTMLInputElement>(null)
  const dueInput = useRef<HTMLInputElement>(null)
  const taskList = useRef<HTMLUListElement>(null)
  const [helpOpen, setHelpOpen] = useState(false)
  // The box's text, ahead of the URL while the user types: the URL (and so the list) follows after a pause.
  const [searchText, setSearchText] = useState(list.q)
  const searchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  // The last search the box put in the URL, and the URL's search the box last followed: a change of the URL's own
  // (Back, Forward, a link) is shown in the box; the box's own, arriving a moment later, never overwrites newer typing.
  const [ownSearch, setOwnSearch] = useState<string | null>(null)
  const [followedSearch, setFollowedSearch] = useState(list.q)
  if (list.q !== followedSearch) {
    setFollowedSearch(list.q)
    if (list.q !== ownSearch && searchOf(list.q) !== searchOf(searchText)) setSearchText(list.q)
  }
  const [moveAnnouncement, setMoveAnnouncement] = useState('')
  // The due day the title ends with, and the one the user took away (its chip removed): not used again as typed.
  const [quickDue, setQuickDue] = useState<TrailingDueDay | null>(null)
  const dismissedQuickDue = useRef<string | null>(null)

  // Focus refreshes what is stale, but not while a change is on its way: its answer is followed by a refetch anyway,
  // and a list fetched before it is stored would show the state from before it.
  const refetchOnWindowFocus = () => queryClient.isMutating({ mutationKey: taskKeys.all(userId) }) === 0
  const tasks = useInfiniteQuery({
    ...taskListQuery(client, userId, shape),
    initialData: initialPage && sameShape(shape, initialShape) ? { pages: [initialPage], pageParams: [null] } : undefined,
    initialDataUpdatedAt: seededAt,
    placeholderData: (previous, previousQuery) => (previousQuery && sameButSearch(previousQuery.queryKey[3], shape) ? previous : undefined),
    enabled: !waitingForDay,
    refetchOnWindowFocus,
  })
  // Until the new counts for another day or search are in, the last ones are shown.
  const countsQuery = useQuery({
    ...taskCountsQuery(client, userId, today, shape.q, shape.list),
    initialData: today === serverDay && shape.q === initialShape.q && shape.list === initialShape.list ? initialCounts : undefined,
    initialDataUpdatedAt: seededAt,
    placeholderData: (previous) => previous ?? initialCounts,
    refetchOnWindowFocus,
  })
  const counts = { data: countsQuery.data ?? initialCounts }
  const overview =
    useQuery({
      ...listsOverviewQuery(listsClient, userId),
      initialData: initialLists,
      initialDataUpdatedAt: seededAt,
      refetchOnWindowFocus: () => queryClient.isMutating({ mutationKey: listKeys.all(userId) }) === 0,
    }).data ?? initialLists
  // A list that is not (or no longer) the user's: the page says so rather than showing an empty list as if it were one.
  const listName = listChoiceName(overview, list.list)

  function report(error: unknown, about = '') {
    // A 401 signs in again (query-provider.tsx); anything else is said here.
    if (error instanceof TaskRequestError && error.status === 401) return
    setNotice({ kind: 'error', text: `${about}${error instanceof Error ? error.message : 'Something went wrong.'}` })
  }

  const listChanges = useListChanges({ userId, client: listsClient, onError: (error, about) => report(error, about) })

  const changes = useTaskChanges({
    userId,
    client,
    onError: (error) => report(error),
    onMoveError: (error, task) => {
      report(error, `“${task.title}” could not be moved, so it is back in its place. `)
      setMoveAnnouncement(`“${task.title}” could not be moved; it is back in its place.`)
    },
    // Give the text back so nothing typed is lost, unless the next task is being typed there already.
    onCreateError(error, newTask) {
      const title = titleInput.current
      const description = descriptionInput.current
      if (title && description && title.value === '' && description.value === '') {
        title.value = newTask.title
        description.value = newTask.description ?? ''
        report(error)
      } else {
        report(error, `“${newTask.title}” was not added. `)
      }
    },
  })

  // The page was rendered on the server without refreshing the session cookie (a page cannot set one);
  // this request goes through the browser, so a sliding refresh reaches the cookie jar.
  useEffect(() => {
    void fetch('/api/auth/get-session', { credentials: 'same-origin' }).catch(() => undefined)
  }, [])

  // Never disabled while a task is being added: Enter adds the next one at once; the api stores them in order.
  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = event.currentTarget
    const data = new FormData(form)
    const typed = String(data.get('title') ?? '').trim()
    // Read again from what is in the field now, not from the chip's last render: a fast typist's Enter comes first.
    const quick = quickDueOf(typed)
    const chosenDay = String(data.get('due_on') ?? '')
    const priority = String(data.get('priority') ?? 'none') as TaskPriority
    const newTask: NewTask = {
      title: quick && !chosenDay ? quick.title : typed,
      description: String(data.get('description') ?? '').trim() || null,
      ...(isCalendarDay(chosenDay) ? { due_on: chosenDay } : quick ? { due_on: quick.dueOn } : {}),
      ...(priority !== 'none' ? { priority } : {}),
      // Typed while viewing a list, it goes in that list; in All tasks and the Inbox, in the Inbox.
      ...(listIdForNewTask(list.list) === null ? {} : { list_id: listIdForNewTask(list.list) }),
    }
    if (!newTask.title) {
      setNotice({ kind: 'error', text: 'Give the task a title.' })
      return
    }
    changes.create(newTask)
    setNotice(null)
    form.reset()
    setQuickDue(null)
    dismissedQuickDue.current = null
  }

  /** The due day `title` ends with, unless its chip was removed. */
  function quickDueOf(title: string): TrailingDueDay | null {
    const found = trailingDueDay(title, new Date())
    return found && quickDueKey(found) !== dismissedQuickDue.current ? found : null
  }

  function readQuickDue() {
    const title = titleInput.current?.value ?? ''
    setQuickDue(dueInput.current?.value ? null : quickDueOf(title))
  }

  /** The chip goes, and the words stay in the title as typed. */
  function dismissQuickDue() {
    if (quickDue) dismissedQuickDue.current = quickDueKey(quickDue)
    setQuickDue(null)
  }

  // Backspace at the end of the title takes the chip away first; the next one deletes text as usual.
  function titleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const input = event.currentTarget
    if (event.key !== 'Backspace' || !quickDue || input.selectionStart !== input.value.length || input.selectionEnd !== input.value.length) return
    event.preventDefault()
    dismissQuickDue()
  }

  function toggle(task: Task) {
    setNotice(null)
    changes.toggle(task)
  }

  function save(task: Task, edits: TaskEdits) {
    setNotice(null)
    changes.edit(task, edits)
    // Moved out of the list shown, it leaves it; the notice says where it went.
    if (edits.list_id !== undefined && edits.list_id !== task.list_id && list.list !== null) {
      setNotice({ kind: 'info', text: `Moved “${task.title}” to ${listChoiceName(overview, edits.list_id ?? INBOX_CHOICE) ?? 'another list'}.` })
    }
  }

  const showListChoice = (choice: ListChoice) => showList({ ...list, list: choice })

  // The list shown is gone: the Inbox is shown instead (its address replaces the dead one, so Back does not return to it).
  function listDeleted(deleted: CountedTaskList, tasks: ListDeleteChoice, count: number) {
    if (list.list === deleted.id) window.history.replaceState(null, '', dashboardUrl({ ...list, list: INBOX_CHOICE }))
    const what = count === 0 ? '' : tasks === 'inbox' ? ` Its ${taskCountText(count)} went to the Inbox.` : ` ${taskCountText(count)} deleted with it.`
    setNotice({ kind: 'info', text: `Deleted the list “${deleted.name}”.${what}` })
  }

  // Kept, not deleted: an emptied title is more often a slip than a wish to lose the task (Delete is beside it).
  function keepTitle(task: Task) {
    setNotice({ kind: 'info', text: `“${task.title}” kept its title: a task needs one.` })
  }

  // History entries of the page itself, not navigations: Next keeps the router in step (useSearchParams follows),
  // and nothing is asked of the server. Each list is in the query cache.
  function showList(next: DashboardList) {
    const url = dashboardUrl(next)
    if (url !== dashboardUrl(list)) window.history.pushState(null, '', url)
  }
  const showFilter = (status: TaskFilter) => showList({ ...list, status })
  // An order chosen stays with the next view; the view's own default order goes with it otherwise.
  const viewList = (view: TaskView): DashboardList => ({ ...list, view, sort: list.sort === defaultSortOf(list.view) ? defaultSortOf(view) : list.sort })
  function showView(event: MouseEvent<HTMLAnchorElement>, view: TaskView) {
    // A click with a modifier opens a new tab or window, as any link.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    showList(viewList(view))
  }

  /** Puts `text` in the URL's `?q=` in place (no new history entry), keeping the list's other parts as they are now. */
  function writeSearch(text: string) {
    clearTimeout(searchTimer.current)
    searchTimer.current = undefined
    const current = dashboardListFromSearch(new URLSearchParams(window.location.search))
    const url = dashboardUrl({ ...current, q: text })
    setOwnSearch(searchOf(text) === '' ? '' : text)
    // `null`, as for pushState: Next keeps its own history state, and takes a state of its own for one it need not follow.
    if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, '', url)
  }

  function typeSearch(text: string) {
    setSearchText(text)
    clearTimeout(searchTimer.current)
    searchTimer.current = setTimeout(() => writeSearch(text), SEARCH_DEBOUNCE_MS)
  }

  function clearSearch() {
    setSearchText('')
    writeSearch('')
  }

  function searchKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape' && searchText !== '') {
      event.preventDefault()
      clearSearch()
    } else if (event.key === 'Enter') {
      // Searches at once; on a phone, the keyboard goes away so the results can be seen.
      event.preventDefault()
      writeSearch(searchText)
      if (window.matchMedia('(pointer: coarse)').matches) event.currentTarget.blur()
    }
  }

  useEffect(() => () => clearTimeout(searchTimer.current), [])

  const inOwnOrder = list.sort === 'position'

  /** Moves `task` to place `to` of the tasks shown, in one request; the list shows it there at once. */
  function moveTask(task: Task, to: number, announce = true) {
    const ids = shown.map((item) => item.id)
    const from = ids.indexOf(task.id)
    const neighbours = neighboursOfMove(ids, from, to)
    if (!neighbours) return
    setNotice(null)
    changes.move(task, neighbours, { before_id: ids[from - 1] ?? null, after_id: ids[from + 1] ?? null })
    if (announce) setMoveAnnouncement(`Moved “${task.title}” to place ${to + 1} of ${ids.length}.`)
  }

  function moveByKey(task: Task, by: -1 | 1) {
    if (!inOwnOrder) {
      setNotice({ kind: 'info', text: 'Tasks move only in My order: choose it under Sort by.' })
      return
    }
    const from = shown.findIndex((item) => item.id === task.id)
    const to = from + by
    if (from === -1 || to < 0 || to >= shown.length) {
      setMoveAnnouncement(`“${task.title}” is already ${by < 0 ? 'first' : 'last'}.`)
      return
    }
    // Focus stays on the task: React puts it back on an element it moves in the page (the row keeps its key).
    moveTask(task, to)
  }

  const dragSensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }))
  const titleOf = (id: string | number) => shown.find((task) => task.id === id)?.title ?? 'the task'
  const dragAnnouncements = {
    onDragStart: ({ active }: { active: { id: string | number } }) => `Picked up “${titleOf(active.id)}”.`,
    onDragOver: ({ active, over }: { active: { id: string | number }; over: { id: string | number } | null }) =>
      over ? `“${titleOf(active.id)}” is at place ${shown.findIndex((task) => task.id === over.id) + 1} of ${shown.length}.` : undefined,
    onDragEnd: ({ active, over }: { active: { id: string | number }; over: { id: string | number } | null }) =>
      over ? `Put “${titleOf(active.id)}” down at place ${shown.findIndex((task) => task.id === over.id) + 1} of ${shown.length}.` : `Put “${titleOf(active.id)}” back.`,
    onDragCancel: ({ active }: { active: { id: string | number } }) => `Put “${titleOf(active.id)}” back where it was.`,
  }
  function drop({ active, over }: DragEndEvent) {
    const task = shown.find((item) => item.id === active.id)
    const to = over ? shown.findIndex((item) => item.id === over.id) : -1
    // dnd-kit's own live region says where it was put down.
    if (task && to !== -1) moveTask(task, to, false)
  }

  const markAll = waitingForDay ? null : markAllTarget(counts.data, shape, tasks.data)
  function markAllShown(completed: boolean) {
    setNotice(null)
    changes.completeAll(shape, completed)
  }

  function clearCompleted() {
    const count = counts.data.completed
    const undoable = undoWindow(UNDO_MS)
    changes.clearCompleted(undoable, count)
    const undo = () => {
      if (undoable.undo()) setNotice({ kind: 'info', text: `Restored ${completedTasksText(count)}.` })
    }
    setNotice({ kind: 'info', text: `Cleared ${completedTasksText(count)}.`, undo })
    undoable.closed.then(
      () => setNotice((current) => (current?.undo === undo ? null : current)),
      () => undefined,
    )
  }

  function remove(task: Task) {
    const undoable = undoWindow(UNDO_MS)
    changes.remove(task, undoable)
    const undo = () => {
      if (undoable.undo()) setNotice({ kind: 'info', text: `Restored “${task.title}”.` })
    }
    setNotice({ kind: 'info', text: `Deleted “${task.title}”.`, undo })
    undoable.closed.then(
      () => setNotice((current) => (current?.undo === undo ? null : current)),
      () => undefined,
    )
  }

  async function loadMore() {
    const result = await tasks.fetchNextPage()
    if (result.isFetchNextPageError) report(result.error)
  }

  const drafts = filter === 'completed' ? [] : changes.drafts.toReversed()
  const shown = (tasks.data?.pages ?? [])
    .flatMap((page) => page.tasks)
    .filter((task) => !changes.deleting.includes(task.id) && !changes.isBeingCleared(task))
  const emptyText =
    list.list !== null && list.view === 'all' && filter === 'all'
      ? listName === null
        ? 'This list does not exist any more.'
        : 'No tasks in this list yet. Add one above.'
      : list.view !== 'all'
      ? EMPTY_TEXT[list.view]
      : filter === 'completed'
        ? 'Nothing completed yet.'
        : filter === 'pending'
          ? 'Nothing left to do. Nice.'
          : EMPTY_TEXT.all
  // The counter follows the view: what is left to do in it (a date view's tasks are all still to do but No date's).
  const viewCount = list.view === 'all' ? undefined : counts.data[list.view]
  const counterText =
    list.view === 'all' ? tasksLeftText(counts.data.pending) : list.view === 'no_date' ? taskCountText(viewCount ?? 0) : tasksLeftText(viewCount ?? 0)
  const listHasTasks = list.view === 'all' ? counts.data.all > 0 : (viewCount ?? 0) > 0
  // The counts are the search's (the counts route takes `q`); until they are in, the last ones stay on screen.
  const searchSummary = shape.q === '' ? '' : countsQuery.isPlaceholderData ? 'Searching…' : `${taskCountText(counts.data.all)} found`

  useKeyboardShortcuts({
    taskList,
    tasks: shown,
    enabled: !helpOpen,
    onNewTask: () => titleInput.current?.focus(),
    onSearch: () => {
      searchInput.current?.focus()
      searchInput.current?.select()
    },
    onMove: moveByKey,
    onHelp: () => setHelpOpen(true),
    onToggle: toggle,
    onDelete: remove,
    onEdit: (task, edits) => save(task, edits),
    today,
  })

  return (
    <div className="dashboard-layout">
      <ListsNav overview={overview} current={list.list} hrefOf={(choice) => dashboardUrl({ ...list, list: choice })} onChoose={showListChoice} changes={listChanges} onDeleted={listDeleted} />
      <section className="dashboard" aria-labelledby="tasks-heading">
        <h1 id="tasks-heading">{list.list === null ? 'Your tasks' : (listName ?? 'List not found')}</h1>
        <form className="add-task card" onSubmit={add} aria-label="Add a task">
          <label>
            New task
            <input
              ref={titleInput}
              name="title"
              placeholder="What needs doing? (“Pay rent tomorrow”)"
              maxLength={200}
              autoComplete="off"
              required
              onInput={readQuickDue}
              onKeyDown={titleKeyDown}
              aria-describedby={quickDue ? 'quick-due' : undefined}
            />
          </label>
          <label>
            <span>
              Description <span className="hint">(optional)</span>
            </span>
            <input ref={descriptionInput} name="description" maxLength={1000} autoComplete="off" />
          </label>
          <div className="add-task-details">
            <label>
              Due date
              <input ref={dueInput} name="due_on" type="date" min="0001-01-01" max="9999-12-31" onInput={readQuickDue} />
            </label>
            <label htmlFor="new-task-priority">Priority</label>
            <select id="new-task-priority" name="priority" defaultValue="none">
                {(['none', 'low', 'medium', 'high'] as const).map((priority) => (
                  <option key={priority} value={priority}>
                    {PRIORITY_LABELS[priority]}
                  </option>
                ))}
              </select>
            <button type="submit" className="button">
              Add task
            </button>
          </div>
          {quickDue && (
            <p className="quick-due" id="quick-due">
              <button
                type="button"
                className="due-chip"
                onClick={dismissQuickDue}
                aria-label={`Due ${shortDayText(quickDue.dueOn)}, from “${quickDue.words}”. Remove: the words stay in the title.`}
              >
                Due {shortDayText(quickDue.dueOn)} <span aria-hidden="true">×</span>
              </button>
            </p>
          )}
        </form>

        {/* The count sits on the label's line, which is there anyway: a search starting moves nothing on the page. */}
        <div role="search" className="search-box">
          <div className="search-head">
            <label htmlFor="task-search">Search</label>
            <span className="search-summary" aria-live="polite">
              {searchSummary}
            </span>
          </div>
          <input
            ref={searchInput}
            id="task-search"
            type="search"
            value={searchText}
            onChange={(event) => typeSearch(event.currentTarget.value)}
            onKeyDown={searchKeyDown}
            placeholder="Words in a title or description"
            maxLength={SEARCH_MAX_CHARS}
            autoComplete="off"
            enterKeyHint="search"
            aria-keyshortcuts="/"
            aria-describedby="search-hint"
          />
          <span id="search-hint" className="visually-hidden">
            Searches as you type. Escape clears the search; press / to come back here.
          </span>
        </div>

        <nav className="views" aria-label="Date views">
          {VIEWS.map((option) => {
            const count = option.value === 'all' ? counts.data.all : counts.data[option.value]
            return (
              <a
                key={option.value}
                href={dashboardUrl(viewList(option.value))}
                className={`chip view-link${list.view === option.value ? ' active' : ''}`}
                aria-current={list.view === option.value ? 'page' : undefined}
                onClick={(event) => showView(event, option.value)}
              >
                {option.label} <span className="count">{count ?? '–'}</span>
              </a>
            )
          })}
        </nav>

        <div className="filters" role="group" aria-label="Show tasks">
          {FILTERS.map((option) => (
            <button key={option.value} type="button" className={`chip${filter === option.value ? ' active' : ''}`} aria-pressed={filter === option.value} onClick={() => showFilter(option.value)}>
              {option.label} <span className="count">{counts.data[option.count]}</span>
            </button>
          ))}
          <span className="sort">
            <label htmlFor="sort-by">Sort by</label>
            <select id="sort-by" value={list.sort} onChange={(event) => showList({ ...list, sort: event.currentTarget.value as DashboardSort })}>
              {DASHBOARD_SORTS.map((sort) => (
                <option key={sort} value={sort}>
                  {SORT_LABELS[sort]}
                </option>
              ))}
            </select>
          </span>
        </div>

        {listHasTasks && (
          <div className="list-bar">
            {markAll !== null && (
              <label className="mark-all">
                <input type="checkbox" checked={!markAll} onChange={() => markAllShown(markAll)} />
                Mark all as complete
              </label>
            )}
            <span className="tasks-left">{counterText}</span>
            {/* The api clears every completed task; only the view of all of them, unsearched, shows every one it takes. */}
            {list.view === 'all' && shape.q === '' && shape.list === null && counts.data.completed > 0 && (
              <button type="button" className="button small secondary clear-completed" onClick={clearCompleted}>
                Clear completed
              </button>
            )}
          </div>
        )}

        <div aria-live="polite" className="notice-slot">
          {notice && (
            <p className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
              {notice.text}
              {notice.undo && (
                <button type="button" className="button small secondary" onClick={notice.undo}>
                  Undo
                </button>
              )}
              <button type="button" className="dismiss" aria-label="Dismiss message" onClick={() => setNotice(null)}>
                ×
              </button>
            </p>
          )}
        </div>

        <p id={TASK_KEYS_HINT_ID} className="visually-hidden">
          On a task, Space marks it done or not done, and Enter edits it.{inOwnOrder ? ' Alt+Up and Alt+Down move it.' : ''} Press ? for keyboard shortcuts.
        </p>
        <p className="visually-hidden" aria-live="polite">
          {moveAnnouncement}
        </p>

        {tasks.isPending || waitingForDay ? (
          <p className="empty" aria-busy="true">
            Loading…
          </p>
        ) : tasks.isError && !tasks.data ? (
          <p className="empty" role="alert">
            {tasks.error.message}{' '}
            <button type="button" className="button small secondary" onClick={() => void tasks.refetch()}>
              Try again
            </button>
          </p>
        ) : drafts.length + shown.length === 0 ? (
          shape.q !== '' ? (
            <p className="empty">
              Nothing matched “{shape.q}”.{' '}
              <button type="button" className="button small secondary" onClick={clearSearch}>
                Clear search
              </button>
            </p>
          ) : (
            <p className="empty">{emptyText}</p>
          )
        ) : inOwnOrder ? (
          <DndContext id="own-order" sensors={dragSensors} collisionDetection={closestCenter} onDragEnd={drop} accessibility={{ announcements: dragAnnouncements, screenReaderInstructions: DRAG_INSTRUCTIONS }}>
            <SortableContext items={shown.map((task) => task.id)} strategy={verticalListSortingStrategy}>
              <ul ref={taskList} className="tasks" aria-label="Tasks, in my order">
                {drafts.map((draft) => (
                  <TaskDraftItem key={`draft-${draft.key}`} draft={draft} />
                ))}
                {shown.map((task) => (
                  <SortableTaskItem key={task.id} task={task} today={today} onToggle={toggle} onSave={save} onKeepTitle={keepTitle} onDelete={remove} lists={overview.lists} />
                ))}
              </ul>
            </SortableContext>
          </DndContext>
        ) : (
          <ul ref={taskList} className="tasks" aria-label="Tasks">
            {drafts.map((draft) => (
              <TaskDraftItem key={`draft-${draft.key}`} draft={draft} />
            ))}
            {shown.map((task) => (
              <TaskItem key={task.id} task={task} today={today} onToggle={toggle} onSave={save} onKeepTitle={keepTitle} onDelete={remove} lists={overview.lists} />
            ))}
          </ul>
        )}

        {tasks.hasNextPage && !tasks.isPending && (
          <button type="button" className="button secondary load-more" onClick={loadMore} disabled={tasks.isFetchingNextPage}>
            {tasks.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}

        <p className="hint shortcuts-hint">
          <button type="button" className="link-button" onClick={() => setHelpOpen(true)}>
            Keyboard shortcuts
          </button>{' '}
          (press <kbd>?</kbd>)
        </p>
        <KeyboardShortcutsHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
      </section>
    </div>
  )
}

const quickDueKey = (found: TrailingDueDay) => `${found.title}\u0000${found.words}`
