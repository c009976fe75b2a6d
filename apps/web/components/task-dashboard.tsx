'use client'
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Task, TaskCounts, TaskFilter, TaskPage } from '@tasklane/api/contract'
import { useSearchParams } from 'next/navigation'
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react'
import { completedTasksText, tasksLeftText } from '@/lib/task-counter'
import { taskFilterFromParam, taskFilterUrl } from '@/lib/task-filter-url'
import { markAllTarget } from '@/lib/task-pages'
import { taskCountsQuery, taskKeys, taskListQuery } from '@/lib/task-queries'
import { createTasksClient, TaskRequestError } from '@/lib/tasks-client'
import { undoWindow } from '@/lib/undo-window'
import { TaskDraftItem } from './task-draft-item'
import { TASK_KEYS_HINT_ID, TaskItem } from './task-item'
import { type NewTask, useTaskChanges } from './use-task-changes'
import { useLiveTaskUpdates } from './use-live-task-updates'

const UNDO_MS = 5_000
const FILTERS: Array<{ value: TaskFilter; label: string; count: keyof TaskCounts }> = [
  { value: 'all', label: 'All', count: 'all' },
  { value: 'pending', label: 'Active', count: 'pending' },
  { value: 'completed', label: 'Completed', count: 'completed' },
]

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
  /** The filter the server rendered the first page for, from the URL. */
  initialFilter: TaskFilter
  initialPage: TaskPage
  initialCounts: TaskCounts
}

export function TaskDashboard({ userId, initialFilter, initialPage, initialCounts }: TaskDashboardProps) {
  const client = useMemo(() => createTasksClient(userId), [userId])
  const queryClient = useQueryClient()
  useLiveTaskUpdates(userId)
  // The URL holds the filter: a reload keeps it, and Back and Forward move between filters.
  const filter = taskFilterFromParam(useSearchParams().getAll('status'))
  const [notice, setNotice] = useState<Notice | null>(null)
  const titleInput = useRef<HTMLInputElement>(null)
  const descriptionInput = useRef<HTMLInputElement>(null)

  // Focus refreshes what is stale, but not while a change is on its way: its answer is followed by a refetch anyway,
  // and a list fetched before it is stored would show the state from before it.
  const refetchOnWindowFocus = () => queryClient.isMutating({ mutationKey: taskKeys.all(userId) }) === 0
  const tasks = useInfiniteQuery({
    ...taskListQuery(client, userId, filter),
    initialData: filter === initialFilter ? { pages: [initialPage], pageParams: [null] } : undefined,
    initialDataUpdatedAt: seededAt,
    refetchOnWindowFocus,
  })
  const counts = useQuery({ ...taskCountsQuery(client, userId), initialData: initialCounts, initialDataUpdatedAt: seededAt, refetchOnWindowFocus })

  function report(error: unknown, about = '') {
    // A 401 signs in again (query-provider.tsx); anything else is said here.
    if (error instanceof TaskRequestError && error.status === 401) return
    setNotice({ kind: 'error', text: `${about}${error instanceof Error ? error.message : 'Something went wrong.'}` })
  }

  const changes = useTaskChanges({
    userId,
    client,
    onError: (error) => report(error),
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
    const newTask: NewTask = { title: String(data.get('title') ?? '').trim(), description: String(data.get('description') ?? '').trim() || null }
    if (!newTask.title) {
      setNotice({ kind: 'error', text: 'Give the task a title.' })
      return
    }
    changes.create(newTask)
    setNotice(null)
    form.reset()
  }

  function toggle(task: Task) {
    setNotice(null)
    changes.toggle(task)
  }

  function save(task: Task, edits: { title: string; description: string | null }) {
    setNotice(null)
    changes.edit(task, edits)
  }

  // Kept, not deleted: an emptied title is more often a slip than a wish to lose the task (Delete is beside it).
  function keepTitle(task: Task) {
    setNotice({ kind: 'info', text: `“${task.title}” kept its title: a task needs one.` })
  }

  // History entries of the page itself, not navigations: Next keeps the router in step (useSearchParams follows),
  // and nothing is asked of the server. Each filter's list is in the query cache.
  function showFilter(next: TaskFilter) {
    if (next !== filter) window.history.pushState(null, '', taskFilterUrl(next))
  }

  const markAll = markAllTarget(counts.data, filter)
  function markAllShown(completed: boolean) {
    setNotice(null)
    changes.completeAll(filter, completed)
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
    filter === 'completed' ? 'Nothing completed yet.' : filter === 'pending' ? 'Nothing left to do. Nice.' : 'No tasks yet. Add your first one above.'

  return (
    <section className="dashboard" aria-labelledby="tasks-heading">
      <h1 id="tasks-heading">Your tasks</h1>
      <form className="add-task card" onSubmit={add} aria-label="Add a task">
        <label>
          New task
          <input ref={titleInput} name="title" placeholder="What needs doing?" maxLength={200} autoComplete="off" required />
        </label>
        <label>
          <span>
            Description <span className="hint">(optional)</span>
          </span>
          <input ref={descriptionInput} name="description" maxLength={1000} autoComplete="off" />
        </label>
        <button type="submit" className="button">
          Add task
        </button>
      </form>

      <div className="filters" role="group" aria-label="Show tasks">
        {FILTERS.map((option) => (
          <button key={option.value} type="button" className={`chip${filter === option.value ? ' active' : ''}`} aria-pressed={filter === option.value} onClick={() => showFilter(option.value)}>
            {option.label} <span className="count">{counts.data[option.count]}</span>
          </button>
        ))}
      </div>

      {counts.data.all > 0 && (
        <div className="list-bar">
          {markAll !== null && (
            <label className="mark-all">
              <input type="checkbox" checked={!markAll} onChange={() => markAllShown(markAll)} />
              Mark all as complete
            </label>
          )}
          <span className="tasks-left">{tasksLeftText(counts.data.pending)}</span>
          {counts.data.completed > 0 && (
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
        On a task, Space marks it done or not done, and Enter edits it.
      </p>

      {tasks.isPending ? (
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
        <p className="empty">{emptyText}</p>
      ) : (
        <ul className="tasks" aria-label="Tasks">
          {drafts.map((draft) => (
            <TaskDraftItem key={`draft-${draft.key}`} draft={draft} />
          ))}
          {shown.map((task) => (
            <TaskItem key={task.id} task={task} onToggle={toggle} onSave={save} onKeepTitle={keepTitle} onDelete={remove} />
          ))}
        </ul>
      )}

      {tasks.hasNextPage && !tasks.isPending && (
        <button type="button" className="button secondary load-more" onClick={loadMore} disabled={tasks.isFetchingNextPage}>
          {tasks.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  )
}
