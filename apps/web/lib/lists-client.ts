import type { CreateListBody, ListDeleteChoice, ListsApi, MoveListBody, RenameListBody } from '@tasklane/api/contract'
import { hc } from 'hono/client'
import { answer } from './tasks-client'

/**
 * The lists api as the browser uses it, through this origin, typed by the api's own route declarations (`ListsApi`, a
 * type-only import), as `createTasksClient` is. A refusal throws `TaskRequestError` with the api's message.
 */
export function createListsClient(userId: string) {
  const lists = hc<ListsApi>('/').api[':userId'].lists
  const param = { userId: encodeURIComponent(userId) }
  const list = (id: string) => ({ ...param, id })

  return {
    /** The Inbox's counts, and every list in the user's order with its counts. */
    overview: (signal?: AbortSignal) => answer(lists.$get({ param }, { init: { signal } })),
    get: (id: string, signal?: AbortSignal) => answer(lists[':id'].$get({ param: list(id) }, { init: { signal } })),
    create: (body: CreateListBody) => answer(lists.$post({ param, json: body })),
    rename: (id: string, body: RenameListBody) => answer(lists[':id'].$patch({ param: list(id), json: body })),
    move: (id: string, body: MoveListBody) => answer(lists[':id'].move.$post({ param: list(id), json: body })),
    /** `tasks`: the list's tasks go to the Inbox, or are deleted with it; the answer says how many. */
    remove: (id: string, tasks: ListDeleteChoice) => answer(lists[':id'].$delete({ param: list(id), query: { tasks } })),
  }
}

export type ListsClient = ReturnType<typeof createListsClient>
