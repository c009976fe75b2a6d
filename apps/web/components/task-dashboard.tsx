'use client'
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { adjustCounts, appendPage, matchesFilter, replaceTask, restoreTask } from '@/lib/task-list'
import type { Task, TaskCounts, TaskFilter, TaskPage } from '@tasklane/api/contract'
import { createTasksClient, TaskRequestError } from '@/lib/tasks-client'
import { TaskItem } from './task-item'

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

interface PendingDelete {
  task: Task
  index: number
  timer: ReturnType<typeof setTimeout>
}

export function TaskDashboard({ userId, initialPage, initialCounts }: { userId: string; initialPage: TaskPage; initialCounts: TaskCounts }) {
  const client = useMemo(() => createTasksClient(userId), [userId])
  const [tasks, setTasks] = useState(initialPage.tasks)
  const [cursor, setCursor] = useState(initialPage.next_cursor)
  const [counts, setCounts] = useState(initialCounts)
  const [filter, setFilter] = useState<TaskFilter>('all')
  const [loading, setLoading] = useState<'filter' | 'more' | null>(null)
  const [notice, setNotice] = useState<Notice | null>(null)
  const [adding, setAdding] = useState(false)
  const pendingDeletes = useRef(new Map<string, PendingDelete>())
  const filterRef = useRef(filter)
  filterRef.current = filter
  // The newest local change per task: an answer to an older request must not undo a newer optimistic change.
  const latestChange = useRef(new Map<string, number>())
  const changeCounter = useRef(0)

  const fail = useCallback((error: unknown) => {
    if (error instanceof TaskRequestError && error.status === 401) {
      window.location.assign('/sign-in?next=/dashboard')
      return
    }
    setNotice({ kind: 'error', text: error instanceof Error ? error.message : 'Something went wrong.' })
  }, [])

  // The page was rendered on the server without refreshing the session cookie (a page cannot set one);
  // this request goes through the browser, so a sliding refresh reaches the cookie jar.
  useEffect(() => {
    void fetch('/api/auth/get-session', { credentials: 'same-origin' }).catch(() => undefined)
  }, [])

  // A delete waiting for its undo window still happens if the page is closed.
  useEffect(() => {
    const flush = () => {
      for (const [id, pending] of pendingDeletes.current) {
        clearTimeout(pending.timer)
        void client.remove(id, { keepalive: true }).catch(() => undefined)
      }
      pendingDeletes.current.clear()
    }
    window.addEventListener('pagehide', flush)
    return () => window.removeEventListener('pagehide', flush)
  }, [client])

  async function showFilter(next: TaskFilter) {
    if (next === filter) return
    setFilter(next)
    setLoading('filter')
    try {
      const page = await client.list(next)
      if (filterRef.current !== next) return
      setTasks(page.tasks.filter((task) => !pendingDeletes.current.has(task.id)))
      setCursor(page.next_cursor)
    } catch (error) {
      fail(error)
    } finally {
      setLoading(null)
    }
  }

  async function loadMore() {
    if (!cursor) return
    setLoading('more')
    try {
      const page = await client.list(filter, cursor)
      setTasks((current) => appendPage(current, page.tasks.filter((task) => !pendingDeletes.current.has(task.id))))
      setCursor(page.next_cursor)
    } catch (error) {
      fail(error)
    } finally {
      setLoading(null)
    }
  }

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = event.currentTarget
    const data = new FormData(form)
    const title = String(data.get('title') ?? '').trim()
    const description = String(data.get('description') ?? '').trim() || null
    if (!title) {
      setNotice({ kind: 'error', text: 'Give the task a title.' })
      return
    }
    const now = new Date().toISOString()
    const temp: Task = { id: `temp-${crypto.randomUUID()}`, user_id: userId, title, description, completed: false, created_at: now, updated_at: now }
    if (matchesFilter(temp, filter)) setTasks((current) => [temp, ...current])
    setCounts((current) => adjustCounts(current, null, temp))
    setNotice(null)
    setAdding(true)
    form.reset()
    try {
      const created = await client.create(title, description)
      setTasks((current) => replaceTask(current, created, filterRef.current, temp.id))
    } catch (error) {
      setTasks((current) => current.filter((task) => task.id !== temp.id))
      setCounts((current) => adjustCounts(current, temp, null))
      // Give the text back so nothing typed is lost.
      const titleInput = form.elements.namedItem('title') as HTMLInputElement | null
      const descriptionInput = form.elements.namedItem('description') as HTMLInputElement | null
      if (titleInput) titleInput.value = title
      if (descriptionInput) descriptionInput.value = description ?? ''
      fail(error)
    } finally {
      setAdding(false)
    }
  }

  async function change(before: Task, after: Task, request: () => Promise<Task>) {
    const sequence = ++changeCounter.current
    latestChange.current.set(before.id, sequence)
    const isLatest = () => latestChange.current.get(before.id) === sequence
    setTasks((current) => replaceTask(current, after, filter))
    setCounts((current) => adjustCounts(current, before, after))
    setNotice(null)
    try {
      const saved = await request()
      if (!isLatest()) return
      setTasks((current) => (current.some((task) => task.id === saved.id) ? replaceTask(current, saved, filterRef.current) : current))
    } catch (error) {
      if (!isLatest()) return fail(error)
      setTasks((current) => (current.some((task) => task.id === before.id) ? replaceTask(current, before, filterRef.current) : restoreTask(current, before, 0)))
      setCounts((current) => adjustCounts(current, after, before))
      fail(error)
    }
  }

  const toggle = (task: Task) => change(task, { ...task, completed: !task.completed }, () => client.setCompleted(task.id, !task.completed))

  // `completed` is not sent: a toggle made while this save is in flight must not be undone by it.
  const save = (task: Task, edits: { title: string; description: string | null }) => change(task, { ...task, ...edits }, () => client.update(task.id, edits))

  function remove(task: Task) {
    const index = tasks.findIndex((item) => item.id === task.id)
    setTasks((current) => current.filter((item) => item.id !== task.id))
    setCounts((current) => adjustCounts(current, task, null))
    const undo = () => {
      const pending = pendingDeletes.current.get(task.id)
      if (!pending) return
      clearTimeout(pending.timer)
      pendingDeletes.current.delete(task.id)
      if (matchesFilter(task, filterRef.current)) setTasks((current) => restoreTask(current, task, index))
      setCounts((current) => adjustCounts(current, null, task))
      setNotice({ kind: 'info', text: `Restored “${task.title}”.` })
    }
    const timer = setTimeout(async () => {
      pendingDeletes.current.delete(task.id)
      setNotice((current) => (current?.undo === undo ? null : current))
      try {
        await client.remove(task.id)
      } catch (error) {
        if (error instanceof TaskRequestError && error.status === 404) return
        if (matchesFilter(task, filterRef.current)) setTasks((current) => restoreTask(current, task, index))
        setCounts((current) => adjustCounts(current, null, task))
        fail(error)
      }
    }, UNDO_MS)
    pendingDeletes.current.set(task.id, { task, index, timer })
    setNotice({ kind: 'info', text: `Deleted “${task.title}”.`, undo })
  }

  const emptyText =
    filter === 'completed' ? 'Nothing completed yet.' : filter === 'pending' ? 'Nothing left to do. Nice.' : 'No tasks yet. Add your first one above.'

  return (
    <section className="dashboard" aria-labelledby="tasks-heading">
      <h1 id="tasks-heading">Your tasks</h1>
      <form className="add-task card" onSubmit={add} aria-label="Add a task">
        <label>
          New task
          <input name="title" placeholder="What needs doing?" maxLength={200} autoComplete="off" required />
        </label>
        <label>
          <span>
            Description <span className="hint">(optional)</span>
          </span>
          <input name="description" maxLength={1000} autoComplete="off" />
        </label>
        <button type="submit" className="button" disabled={adding}>
          {adding ? 'Adding…' : 'Add task'}
        </button>
      </form>

      <div className="filters" role="group" aria-label="Show tasks">
        {FILTERS.map((option) => (
          <button key={option.value} type="button" className={`chip${filter === option.value ? ' active' : ''}`} aria-pressed={filter === option.value} onClick={() => showFilter(option.value)}>
            {option.label} <span className="count">{counts[option.count]}</span>
          </button>
        ))}
      </div>

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

      {loading === 'filter' ? (
        <p className="empty" aria-busy="true">
          Loading…
        </p>
      ) : tasks.length === 0 ? (
        <p className="empty">{emptyText}</p>
      ) : (
        <ul className="tasks" aria-label="Tasks">
          {tasks.map((task) => (
            <TaskItem key={task.id} task={task} onToggle={toggle} onSave={save} onDelete={remove} />
          ))}
        </ul>
      )}

      {cursor && loading !== 'filter' && (
        <button type="button" className="button secondary load-more" onClick={loadMore} disabled={loading === 'more'}>
          {loading === 'more' ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  )
}
