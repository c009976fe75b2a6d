import type { Task, TaskCounts, TaskFilter, TaskPage } from '@tasklane/api/contract'

/** An api refusal, with the message meant for people. */
export class TaskRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

type Fetch = typeof fetch

/** The tasks api as the browser uses it, through this origin; cookies go along by themselves. */
export function createTasksClient(userId: string, fetchImpl: Fetch = (...args) => fetch(...args)) {
  const base = `/api/${encodeURIComponent(userId)}/tasks`

  async function send<T>(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
    let response: Response
    try {
      response = await fetchImpl(`${base}${path}`, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        ...init,
      })
    } catch {
      throw new TaskRequestError(0, 'NETWORK', 'Could not reach Tasklane. Check your connection and try again.')
    }
    if (response.status === 204) return undefined as T
    const payload = (await response.json().catch(() => null)) as { error_code?: string; message?: string } | null
    if (!response.ok) {
      throw new TaskRequestError(response.status, payload?.error_code ?? 'UNKNOWN', payload?.message ?? `Request failed (${response.status}).`)
    }
    return payload as T
  }

  return {
    list(filter: TaskFilter, cursor?: string | null) {
      const query = new URLSearchParams({ status: filter, limit: '50' })
      if (cursor) query.set('cursor', cursor)
      return send<TaskPage>('GET', `?${query}`)
    },
    counts: () => send<TaskCounts>('GET', '/counts'),
    create: (title: string, description: string | null) => send<Task>('POST', '', { title, description }),
    update: (id: string, changes: { title: string; description: string | null; completed?: boolean }) => send<Task>('PUT', `/${id}`, changes),
    setCompleted: (id: string, completed: boolean) => send<Task>('PATCH', `/${id}/complete`, { completed }),
    /** `keepalive` lets a pending delete finish while the page unloads. */
    remove: (id: string, options: { keepalive?: boolean } = {}) => send<void>('DELETE', `/${id}`, undefined, { keepalive: options.keepalive ?? false }),
  }
}

export type TasksClient = ReturnType<typeof createTasksClient>
