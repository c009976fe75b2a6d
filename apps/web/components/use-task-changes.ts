import { notifyManager, useMutation, useMutationState, useQueryClient } from '@tanstack/react-query'
import type { Task, TaskCounts, TaskPriority } from '@tasklane/api/contract'
import { useEffect } from 'react'
import {
  adjustCounts,
  cachedTasks,
  changedByCompleteAll,
  clearCompletions,
  completionsByCompleteAll,
  moveCompletions,
  placeTask,
  removeTask,
  type TaskListShape,
  type TaskPages,
} from '@/lib/task-pages'
import { moveInPages, type Neighbours } from '@/lib/task-order'
import { listKeys, taskKeys } from '@/lib/task-queries'
import { TaskRequestError, type TasksClient } from '@/lib/tasks-client'
import { UndoneError, type UndoWindow } from '@/lib/undo-window'

/** What was typed into the add form. */
export interface NewTask {
  title: string
  description: string | null
  due_on?: string | null
  priority?: TaskPriority
  /** The list it goes in (the one being viewed); null or absent: the Inbox. */
  list_id?: string | null
}
/** The fields an edit changes; only these are sent (PATCH). `list_id` moves the task to another list. */
export type TaskEdits = Partial<Pick<Task, 'title' | 'description' | 'due_on' | 'priority' | 'list_id'>>
/** A toggle or an edit: the task as shown when it was made, and as it should become. */
interface TaskChange {
  task: Task
  after: Task
  /** Resolves when the request may go: a toggle waits for a "Clear completed" made before it (`sendClearsFirst`). */
  sendable: Promise<void>
}
interface TaskDeletion {
  task: Task
  undoWindow: UndoWindow
}
/** "Mark all": every task the list shows set to `completed`. */
interface CompletionOfAll {
  list: TaskListShape
  completed: boolean
  sendable: Promise<void>
}

/** A task put in a new place of the user's own order: between `neighbours`, from between `previous` (to go back to). */
interface TaskMove {
  task: Task
  neighbours: Neighbours
  previous: Neighbours
}

/**
 * A "Clear completed" waiting for its undo window. While the window is open, every completed task is about to go
 * (a completion change ends the window first, see `sendClearsFirst`), so a list fetched meanwhile hides them too. When
 * it ends, the completed tasks known then are noted: only those stay hidden until the answer, so a task completed
 * afterwards is shown.
 */
class CompletedClearing {
  private readonly cleared = new Set<string>()
  private windowOpen = true

  constructor(
    readonly undoWindow: UndoWindow,
    /** How many the counts said were completed: put back in the counts on undo. */
    readonly count: number,
  ) {}

  /** Whether the clear takes `task` away. */
  takes(task: Task): boolean {
    return this.windowOpen ? task.completed : this.cleared.has(task.id)
  }

  /** Ends the window now, noting the completed tasks among `known`; false if it had ended already. */
  endWindow(known: readonly Task[]): boolean {
    if (!this.windowOpen) return false
    for (const task of known) if (task.completed) this.cleared.add(task.id)
    this.windowOpen = false
    this.undoWindow.endNow()
    return true
  }

  /** Notes tasks taken out of the cached lists as the clear was made: the request deletes them whenever it goes. */
  noteTaken(tasks: readonly Task[]) {
    for (const task of tasks) this.cleared.add(task.id)
  }
}

interface TaskChangesOptions {
  userId: string
  client: TasksClient
  /** A change the api refused (or could not be sent), after its optimistic state was rolled back. */
  onError(error: unknown): void
  /** A create that failed: what was typed, to give back. */
  onCreateError(error: unknown, newTask: NewTask): void
  /** A move that failed, after the task was put back in its place. */
  onMoveError(error: unknown, task: Task): void
}

/**
 * Every change the dashboard makes, as mutations with an optimistic update (TanStack Query's "Optimistic Updates"):
 * the cache shows the change at once, a failure puts back what was there, and the lists and counts are fetched
 * again once the last change is answered.
 */
export function useTaskChanges({ userId, client, onError, onCreateError, onMoveError }: TaskChangesOptions) {
  const queryClient = useQueryClient()
  const userTasks = taskKeys.all(userId)

  /** Every cached list, with the shape its key names (task-queries.ts). */
  function cachedListEntries(): Array<{ key: readonly unknown[]; shape: TaskListShape; pages: TaskPages | undefined }> {
    return queryClient.getQueriesData<TaskPages>({ queryKey: taskKeys.lists(userId) }).map(([key, pages]) => ({ key, shape: key[3] as TaskListShape, pages }))
  }

  /** `before` becomes `after` (null: none) in every cached list's pages, by that list's filter, view and order. */
  function showInLists(before: Task | null, after: Task | null) {
    notifyManager.batch(() => {
      for (const { key, shape } of cachedListEntries()) {
        queryClient.setQueryData<TaskPages>(key, (pages) => {
          if (!pages) return pages
          if (after) return placeTask(pages, after, shape)
          return before ? removeTask(pages, before.id) : pages
        })
      }
    })
  }

  /** Every cached counts (one per day, search and list they were asked for, task-queries.ts) changed by `change`, given those. */
  function updateCounts(change: (counts: TaskCounts, today: string | null, q: string, list: string | null) => TaskCounts) {
    for (const [key] of queryClient.getQueriesData<TaskCounts>({ queryKey: taskKeys.allCounts(userId) })) {
      queryClient.setQueryData<TaskCounts>(key, (counts) =>
        counts && change(counts, (key[3] as string | null | undefined) ?? null, (key[4] as string | undefined) ?? '', (key[5] as string | null | undefined) ?? null),
      )
    }
  }

  type CountedTask = Pick<Task, 'completed' | 'due_on' | 'title' | 'description' | 'list_id'>
  /**
   * Counts of all tasks (a search's or one list's are left to the refetch: how many of them a bulk change takes is not
   * known here).
   */
  function updateUnsearchedCounts(change: (counts: TaskCounts) => TaskCounts) {
    updateCounts((counts, _today, q, list) => (q === '' && list === null ? change(counts) : counts))
  }

  function showInCounts(before: CountedTask | null, after: CountedTask | null) {
    updateCounts((counts, today, q, list) => adjustCounts(counts, before, after, today, q, list))
  }

  /** `before` becomes `after` in the lists and the counts, in one render. */
  function show(before: Task | null, after: Task | null) {
    notifyManager.batch(() => {
      showInLists(before, after)
      showInCounts(before, after)
    })
  }

  const cachedLists = () => cachedListEntries().map((entry) => entry.pages)
  /** Some cached counts: their pending and completed are the same whichever day they were asked for. */
  const cachedCounts = () =>
    queryClient.getQueriesData<TaskCounts>({ queryKey: taskKeys.allCounts(userId) }).find(([key, counts]) => counts && (key[4] ?? '') === '' && (key[5] ?? null) === null)?.[1]

  /** Cancels fetches on their way, so an answer from before this change cannot overwrite it. */
  const cancelFetches = () => queryClient.cancelQueries({ queryKey: userTasks })

  // Fetched again only once the last change is answered: a refetch while another change is on its way could show
  // the state from before it, and an older change's answer is never written over a newer change.
  // The lists' counts too: every task change can change them.
  function refetchAfterLastChange() {
    if (queryClient.isMutating({ mutationKey: userTasks }) !== 1) return
    void queryClient.invalidateQueries({ queryKey: userTasks })
    void queryClient.invalidateQueries({ queryKey: listKeys.all(userId) })
  }

  // Typed in one after another, sent one after another (one scope runs in order), so they are stored in that order.
  // Until answered, a new task is shown from the mutation itself (`drafts`), not as a made-up task in the cache.
  const create = useMutation({
    mutationKey: taskKeys.create(userId),
    scope: { id: 'create-task' },
    mutationFn: (newTask: NewTask) => client.create(newTask),
    onMutate: async (newTask: NewTask) => {
      await queryClient.cancelQueries({ queryKey: taskKeys.allCounts(userId) })
      showInCounts(null, countedNew(newTask))
    },
    // The answer is the task as stored: into the lists with it (the counts have it already).
    onSuccess: (created) => showInLists(null, created),
    onError: (error, newTask) => {
      showInCounts(countedNew(newTask), null)
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

  const toggle = useMutation({
    ...changeOptions,
    mutationFn: async ({ task, after, sendable }: TaskChange) => {
      await sendable
      return client.setCompleted(task.id, after.completed)
    },
  })

  // Only the fields edited are sent (PATCH), never `completed`: a toggle made while this edit is on its way must not be
  // undone by it, nor a priority set meanwhile by a due day sent after it.
  const edit = useMutation({
    ...changeOptions,
    // The text goes as a PUT (title and description together, as the editor holds them), any other field as a PATCH.
    mutationFn: ({ task, after, edits }: TaskChange & { edits: TaskEdits }) => {
      const { title, description, ...details } = edits
      if (title === undefined && description === undefined) return client.patch(task.id, details)
      return client.update(task.id, { title: after.title, description: after.description, ...details })
    },
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

  // A delete or clear still in its undo window is sent as the page goes away, while the page can still send it.
  useEffect(() => {
    const sendDeletesNow = () => {
      for (const mutation of queryClient.getMutationCache().findAll({ mutationKey: taskKeys.delete(userId), status: 'pending' })) {
        ;(mutation.state.variables as TaskDeletion).undoWindow.endNow()
      }
      const known = cachedTasks(queryClient.getQueriesData<TaskPages>({ queryKey: taskKeys.lists(userId) }).map(([, pages]) => pages))
      for (const mutation of queryClient.getMutationCache().findAll({ mutationKey: taskKeys.clearCompleted(userId), status: 'pending' })) {
        ;(mutation.state.variables as CompletedClearing).endWindow(known)
      }
    }
    window.addEventListener('pagehide', sendDeletesNow)
    return () => window.removeEventListener('pagehide', sendDeletesNow)
  }, [queryClient, userId])

  // One after another, in the order they were made: a second click (all active again) must not overtake the first.
  const completeAll = useMutation({
    mutationKey: taskKeys.completeAll(userId),
    scope: { id: 'complete-all' },
    mutationFn: async ({ list, completed, sendable }: CompletionOfAll) => {
      await sendable
      const { status, view, today, q, list: inList } = list
      // Only what differs from the defaults, as the list asks (tasks-client.ts `listQueryOf`): exactly the tasks shown.
      return client.completeAll({
        status,
        ...(view === 'all' ? {} : { view }),
        ...(today === null ? {} : { today }),
        ...(q === '' ? {} : { q }),
        ...(inList === null ? {} : { list: inList }),
        completed,
      })
    },
    onMutate: async ({ list, completed }: CompletionOfAll) => {
      await cancelFetches()
      const changed = changedByCompleteAll(cachedTasks(cachedLists()), list, completed)
      notifyManager.batch(() => {
        for (const task of changed) showInLists(task, { ...task, completed })
      })
      if (list.view !== 'all' || list.q !== '' || list.list !== null) {
        // A date view's counts do not say how many of it are done, nor do the counts of all tasks say how many a search
        // or a list holds: the tasks loaded move the counts, the refetch the rest.
        notifyManager.batch(() => {
          for (const task of changed) showInCounts(task, { ...task, completed })
        })
        return { changed, moved: 0, perTask: true }
      }
      const counts = cachedCounts()
      const moved = counts ? completionsByCompleteAll(counts, list.status, completed) : 0
      updateUnsearchedCounts((current) => moveCompletions(current, moved))
      return { changed, moved, perTask: false }
    },
    onError: (error, { completed }, marked) => {
      if (marked) {
        // Put back only what still shows this change: a task toggled since keeps its newer state.
        const now = new Map(cachedTasks(cachedLists()).map((task) => [task.id, task]))
        notifyManager.batch(() => {
          for (const task of marked.changed) {
            const current = now.get(task.id)
            if (!current || current.completed === completed) showInLists(current ?? null, { ...(current ?? task), completed: task.completed })
          }
          if (marked.perTask) for (const task of marked.changed) showInCounts({ ...task, completed }, task)
          else updateUnsearchedCounts((counts) => moveCompletions(counts, -marked.moved))
        })
      }
      onError(error)
    },
    onSettled: refetchAfterLastChange,
  })

  // Sent when its undo window ends, like a delete. Until then the completed tasks are out of the cached lists and
  // counts; Undo puts them back.
  const clearCompleted = useMutation({
    mutationKey: taskKeys.clearCompleted(userId),
    mutationFn: async (clearing: CompletedClearing) => {
      await clearing.undoWindow.closed
      clearing.endWindow(cachedTasks(cachedLists()))
      return client.clearCompleted()
    },
    onMutate: async (clearing: CompletedClearing) => {
      await cancelFetches()
      const cleared = cachedTasks(cachedLists()).filter((task) => task.completed)
      clearing.noteTaken(cleared)
      notifyManager.batch(() => {
        for (const task of cleared) showInLists(task, null)
        updateUnsearchedCounts((counts) => clearCompletions(counts, clearing.count))
      })
      return { cleared }
    },
    // Lists first fetched during the undo window (another filter shown) still have them.
    onSuccess: (_answer, clearing) => {
      notifyManager.batch(() => {
        for (const task of cachedTasks(cachedLists())) if (clearing.takes(task)) showInLists(task, null)
      })
    },
    onError: (error, clearing, taken) => {
      notifyManager.batch(() => {
        for (const task of taken?.cleared ?? []) showInLists(null, task)
        if (taken) updateUnsearchedCounts((counts) => clearCompletions(counts, -clearing.count))
      })
      if (!(error instanceof UndoneError)) onError(error)
    },
    onSettled: refetchAfterLastChange,
  })

  /** Every cached list in the user's own order with `id` moved next to `neighbours`. */
  function moveInOwnOrder(id: string, neighbours: Neighbours) {
    notifyManager.batch(() => {
      for (const { key, shape } of cachedListEntries()) {
        if (shape.sort === 'position') queryClient.setQueryData<TaskPages>(key, (pages) => pages && moveInPages(pages, id, neighbours))
      }
    })
  }

  // One request per move, sent in the order made (one scope): each names the neighbours the user saw after the one
  // before it, so a later move must not overtake an earlier one. The list shows the new place at once.
  const move = useMutation({
    mutationKey: taskKeys.move(userId),
    scope: { id: 'move-task' },
    mutationFn: ({ task, neighbours }: TaskMove) => client.move(task.id, neighbours),
    onMutate: async ({ task, neighbours }: TaskMove) => {
      await cancelFetches()
      moveInOwnOrder(task.id, neighbours)
    },
    onError: (error, { task, previous }) => {
      moveInOwnOrder(task.id, previous)
      onMoveError(error, task)
    },
    onSettled: refetchAfterLastChange,
  })

  const clearings = useMutationState({
    filters: { mutationKey: taskKeys.clearCompleted(userId), status: 'pending' },
    select: (mutation) => mutation.state.variables as CompletedClearing,
  })

  const pendingClearings = () =>
    queryClient
      .getMutationCache()
      .findAll({ mutationKey: taskKeys.clearCompleted(userId), status: 'pending' })
      .map((mutation) => ({ mutation, clearing: mutation.state.variables as CompletedClearing }))

  /**
   * A change to what is completed, made while a "Clear completed" waits, would change what that clear deletes (the api
   * deletes what is completed when the request arrives). So the clear's window ends now, with the tasks it takes as
   * they are before this change, and the change's request goes once the clear is answered (or undone).
   */
  function sendClearsFirst(): Promise<void> {
    const waiting = pendingClearings()
    if (waiting.length === 0) return Promise.resolve()
    const known = cachedTasks(cachedLists())
    for (const { clearing } of waiting) clearing.endWindow(known)
    const answered = () => waiting.every(({ mutation }) => mutation.state.status !== 'pending')
    return new Promise((resolve) => {
      const unsubscribe = queryClient.getMutationCache().subscribe(() => {
        if (!answered()) return
        unsubscribe()
        resolve()
      })
      if (answered()) {
        unsubscribe()
        resolve()
      }
    })
  }

  return {
    create: (newTask: NewTask) => create.mutate(newTask),
    /** Tasks typed and not yet answered, in the order they were typed. */
    drafts,
    toggle: (task: Task) => toggle.mutate({ task, after: { ...task, completed: !task.completed }, sendable: sendClearsFirst() }),
    /** Changes exactly `edits` (title, description, due day, priority, list). */
    edit: (task: Task, edits: TaskEdits) => edit.mutate({ task, after: { ...task, ...edits }, edits, sendable: Promise.resolve() }),
    /** Every task `list` shows completed (or active again), in one request. */
    completeAll: (list: TaskListShape, completed: boolean) => completeAll.mutate({ list, completed, sendable: sendClearsFirst() }),
    /** Deletes every completed task once `undoWindow` ends; `count` is how many the counts say there are. */
    clearCompleted: (undoWindow: UndoWindow, count: number) => clearCompleted.mutate(new CompletedClearing(undoWindow, count)),
    /** Whether a "Clear completed" on its way takes `task`: hidden even if a list fetched meanwhile still has it. */
    isBeingCleared: (task: Task) => clearings.some((clearing) => clearing.takes(task)),
    remove: (task: Task, undoWindow: UndoWindow) => remove.mutate({ task, undoWindow }),
    /** Ids of tasks being deleted: hidden even if a list fetched meanwhile still has them. */
    deleting,
    /** Puts `task` between `neighbours` in the user's own order; `previous` are its neighbours now, to go back on failure. */
    move: (task: Task, neighbours: Neighbours, previous: Neighbours) => move.mutate({ task, neighbours, previous }),
  }
}

/** A task being created as the counts see it. */
const countedNew = (newTask: NewTask) => ({ completed: false, due_on: newTask.due_on ?? null, title: newTask.title, description: newTask.description, list_id: newTask.list_id ?? null })
