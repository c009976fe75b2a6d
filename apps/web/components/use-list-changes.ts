import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ListDeleteChoice, TaskLists } from '@tasklane/api/contract'
import { moveListInOverview } from '@/lib/list-order'
import type { ListsClient } from '@/lib/lists-client'
import { listKeys, taskKeys } from '@/lib/task-queries'
import type { Neighbours } from '@/lib/task-order'

interface ListMove {
  id: string
  neighbours: Neighbours
  /** Its neighbours before the move, to put it back should the api refuse it. */
  previous: Neighbours
}

interface ListRename {
  id: string
  name: string
}

interface ListChangesOptions {
  userId: string
  client: ListsClient
  /** A rename or move the api refused (or that never reached it), after the overview was put back; `about` says which. */
  onError(error: unknown, about: string): void
}

/**
 * Every change to the user's lists. Renames and moves show at once and are put back when refused (as task changes,
 * use-task-changes.ts); a create waits for its answer (the list needs the api's id, and a taken name is said at the
 * input); a delete waits too, as it was confirmed in a dialog and may delete tasks. After each, the lists and the
 * tasks are fetched again: a deleted list's tasks are in the Inbox or gone.
 */
export function useListChanges({ userId, client, onError }: ListChangesOptions) {
  const queryClient = useQueryClient()
  const overviewKey = listKeys.overview(userId)

  const setOverview = (change: (overview: TaskLists) => TaskLists) => queryClient.setQueryData<TaskLists>(overviewKey, (overview) => overview && change(overview))
  const refetch = async () => {
    // Only once the last change to the lists is answered, so an answer from before a later change does not undo it.
    if (queryClient.isMutating({ mutationKey: listKeys.all(userId) }) > 1) return
    await queryClient.invalidateQueries({ queryKey: listKeys.all(userId) })
  }

  const create = useMutation({
    mutationKey: [...listKeys.all(userId), 'create'],
    mutationFn: (name: string) => client.create({ name }),
    onSuccess: (created) => setOverview((overview) => ({ ...overview, lists: [...overview.lists, { ...created, counts: { all: 0, pending: 0 } }] })),
    onSettled: refetch,
  })

  const rename = useMutation({
    mutationKey: [...listKeys.all(userId), 'rename'],
    mutationFn: ({ id, name }: ListRename) => client.rename(id, { name }),
    onMutate: async ({ id, name }: ListRename) => {
      await queryClient.cancelQueries({ queryKey: listKeys.all(userId) })
      const before = queryClient.getQueryData<TaskLists>(overviewKey)?.lists.find((list) => list.id === id)?.name
      setOverview((overview) => ({ ...overview, lists: overview.lists.map((list) => (list.id === id ? { ...list, name } : list)) }))
      return { before }
    },
    onError: (error, { id, name }, context) => {
      const before = context?.before
      if (before !== undefined) setOverview((overview) => ({ ...overview, lists: overview.lists.map((list) => (list.id === id ? { ...list, name: before } : list)) }))
      onError(error, `“${name}” was not saved, so the list keeps its name${before === undefined ? '' : ` “${before}”`}. `)
    },
    onSettled: refetch,
  })

  // One request per move, in the order made (one scope), as tasks' moves: each names the neighbours seen after the last.
  const move = useMutation({
    mutationKey: [...listKeys.all(userId), 'move'],
    scope: { id: 'move-list' },
    mutationFn: ({ id, neighbours }: ListMove) => client.move(id, neighbours),
    onMutate: async ({ id, neighbours }: ListMove) => {
      await queryClient.cancelQueries({ queryKey: listKeys.all(userId) })
      setOverview((overview) => moveListInOverview(overview, id, neighbours))
    },
    onError: (error, { id, previous }) => {
      setOverview((overview) => moveListInOverview(overview, id, previous))
      const name = queryClient.getQueryData<TaskLists>(overviewKey)?.lists.find((list) => list.id === id)?.name ?? 'The list'
      onError(error, `“${name}” could not be moved, so it is back in its place. `)
    },
    onSettled: refetch,
  })

  const remove = useMutation({
    mutationKey: [...listKeys.all(userId), 'delete'],
    mutationFn: ({ id, tasks }: { id: string; tasks: ListDeleteChoice }) => client.remove(id, tasks),
    onSuccess: (_answer, { id }) => setOverview((overview) => ({ ...overview, lists: overview.lists.filter((list) => list.id !== id) })),
    onSettled: async () => {
      await Promise.all([refetch(), queryClient.invalidateQueries({ queryKey: taskKeys.all(userId) })])
    },
  })

  return {
    /** Resolves with the new list; rejects with the api's refusal (a taken name, too many lists) for the input to show. */
    create: (name: string) => create.mutateAsync(name),
    creating: create.isPending,
    rename: (id: string, name: string) => rename.mutate({ id, name }),
    move: (id: string, neighbours: Neighbours, previous: Neighbours) => move.mutate({ id, neighbours, previous }),
    /** Resolves once deleted, with how many tasks went to the Inbox or were deleted. */
    remove: (id: string, tasks: ListDeleteChoice) => remove.mutateAsync({ id, tasks }),
  }
}
