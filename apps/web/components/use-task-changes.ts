import { notifyManager, useMutation, useMutationState, useQueryClient } from '@tanstack/react-query'
import type { Task, TaskCounts } from '@tasklane/api/contract'
import { useEffect } from 'react'
import { adjustCounts, placeTask, removeTask, type TaskPages } from '@/lib/task-pages'
import { TASK_FILTERS, taskKeys } from '@/lib/task-queries'
import { TaskRequestError, type TasksClient } from '@/lib/tasks-client'
import { UndoneError, type UndoWindow } from '@/lib/undo-window'

/** What was typed into the add form. */
export interface NewTask {
  title: string
  description: string | null
}
/** A toggle or an edit: the task as shown when it was made, and as it should become. */
interface TaskChange {
  task: Task
  after: Task
}
interface TaskDeletion {
  task: Task
  undoWindow: UndoWindow
}

interface TaskChangesOptions {
  userId: string
  client: TasksClient
  /** A change the api refused (or could not be sent), after its optimistic state was rolled back. */
  onError(error: unknown): void
  /** A create that failed: what was typed, to give back. */
  onCreateError(error: unknown, newTask: NewTask): void
}

/**
 * Every change the dashboard makes, as mutations with an optimistic update (TanStack Query's "Optimistic Updates"):
 * the cache shows the change at once, a failure puts back what was there, and the lists and counts are fetched
 * again once the last change is answered.
 */
export function useTaskChanges({ userId, client, onError, onCreateError }: TaskChangesOptions) {
  const queryClient = useQueryClient()
  const userTasks = taskKeys.all(userId)

  /** `before` becomes `after` (null: none) in every cached filter's pages. */
  function showInLists(before: Task | null, after: Task | null) {
    notifyManager.batch(() => {
      for (const filter of TASK_FILTERS) {
        queryClient.setQueryData<TaskPages>(taskKeys.list(userId, filter), (pages) => {
          if (!pages) return pages
          if (after) return placeTask(pages, after, filter)
          return before ? removeTask(pages, before.id) : pages
        })
      }
    })
  }

  function showInCounts(before: Pick<Task, 'completed'> | null, after: Pick<Task, 'completed'> | null) {
    queryClient.setQueryData<TaskCounts>(taskKeys.counts(userId), (counts) => counts && adjustCounts(counts, before, after))
  }

  /** `before` becomes `after` in the lists and the counts, in one render. */
  function show(before: Task | null, after: Task | null) {
    notifyManager.batch(() => {
      showInLists(before, after)
      showInCounts(before, after)
    })
  }

  /** Cancels fetches on their way, so an answer from before this change cannot overwrite it. */
  const cancelFetches = () => queryClient.cancelQueries({ queryKey: userTasks })

  // Fetched again only once the last change is answered: a refetch while another change is on its way could show
  // the state from before it, and an older change's answer is never written over a newer change.
  function refetchAfterLastChange() {
    if (queryClient.isMutating({ mutationKey: userTasks }) === 1) void queryClient.invalidateQueries({ queryKey: userTasks })
  }

  // Typed in one after another, sent one after another (one scope runs in order), so they are stored in that order.
  // Until answered, a new task is shown from the mutation itself (`drafts`), not as a made-up task in the cache.
  const create = useMutation({
    mutationKey: taskKeys.create(userId),
    scope: { id: 'create-task' },
    mutationFn: (newTask: NewTask) => client.create(newTask),
    onMutate: async () => {
      await queryClient.cancelQueries({ queryKey: taskKeys.counts(userId) })
      showInCounts(null, { completed: false })
    },
    // The answer is the task as stored: into the lists with it (the counts have it already).
    onSuccess: (created) => showInLists(null, created),
    onError: (error, newTask) => {
      showInCounts({ completed: false }, null)
      onCreateError(error, newTask)
    },
    onSettled: refetchAfterLastChange,
  })

  const drafts = useMutationState({
    filters: { mutationKey: taskKeys.create(userId), status: 'pending' },
    select: (mutation) => ({ key: mutation.mutationId, ...(mutation.state.variables as NewTask) }),
  })

  /** Whether `change` is the newest made to its task: the mutation cache keeps changes in the order they were made. */
  function isNewestChange(change: TaskChange) {
    const changesOfTask = queryClient
      .getMutationCache()
      .findAll({ mutationKey: taskKeys.change(userId), predicate: (mutation) => (mutation.state.variables as TaskChange | undefined)?.task.id === change.task.id })
    return changesOfTask.at(-1)?.state.variables === change
  }

  const changeOptions = {
    mutationKey: taskKeys.change(userId),
    onMutate: async ({ task, after }: TaskChange) => {
      await cancelFetches()
      show(task, after)
    },
    onError: (error: unknown, change: TaskChange) => {
      // Only the newest change to a task puts it back: after an older one fails, the newer one's state stands.
      if (isNewestChange(change)) show(change.after, change.task)
      onError(error)
    },
    onSettled: refetchAfterLastChange,
  }

  const toggle = useMutation({ ...changeOptions, mutationFn: ({ task, after }: TaskChange) => client.setCompleted(task.id, after.completed) })

  // `completed` is not sent: a toggle made while this edit is on its way must not be undone by it.
  const edit = useMutation({
    ...changeOptions,
    mutationFn: ({ task, after }: TaskChange) => client.update(task.id, { title: after.title, description: after.description }),
  })

  // A delete is sent when its undo window ends; until then, and until it is answered, it is an ordinary pending
  // change, so no refetch in between brings the task back.
  const remove = useMutation({
    mutationKey: taskKeys.delete(userId),
    mutationFn: async ({ task, undoWindow }: TaskDeletion) => {
      await undoWindow.closed
      // Already gone is what Delete asked for.
      await client.remove(task.id).catch((error: unknown) => {
        if (!(error instanceof TaskRequestError && error.status === 404)) throw error
      })
    },
    onMutate: async ({ task }: TaskDeletion) => {
      await cancelFetches()
      show(task, null)
    },
    // A list first fetched during the undo window (another filter shown) may have it again.
    onSuccess: (_answer, { task }) => showInLists(task, null),
    onError: (error, { task }) => {
      show(null, task)
      if (!(error instanceof UndoneError)) onError(error)
    },
    onSettled: refetchAfterLastChange,
  })

  const deleting = useMutationState({
    filters: { mutationKey: taskKeys.delete(userId), status: 'pending' },
    select: (mutation) => (mutation.state.variables as TaskDeletion).task.id,
  })

  // A delete still in its undo window is sent as the page goes away, while the page can still send it.
  useEffect(() => {
    const sendDeletesNow = () => {
      for (const mutation of queryClient.getMutationCache().findAll({ mutationKey: taskKeys.delete(userId), status: 'pending' })) {
        ;(mutation.state.variables as TaskDeletion).undoWindow.endNow()
      }
    }
    window.addEventListener('pagehide', sendDeletesNow)
    return () => window.removeEventListener('pagehide', sendDeletesNow)
  }, [queryClient, userId])

  return {
    create: (newTask: NewTask) => create.mutate(newTask),
    /** Tasks typed and not yet answered, in the order they were typed. */
    drafts,
    toggle: (task: Task) => toggle.mutate({ task, after: { ...task, completed: !task.completed } }),
    edit: (task: Task, changes: { title: string; description: string | null }) => edit.mutate({ task, after: { ...task, ...changes } }),
    remove: (task: Task, undoWindow: UndoWindow) => remove.mutate({ task, undoWindow }),
    /** Ids of tasks being deleted: hidden even if a list fetched meanwhile still has them. */
    deleting,
  }
}
