import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import type { ApiEnv } from '../api-env.ts'
import { AppError } from '../errors/app-error.ts'
import { refusal } from '../errors/error-responses.ts'
import { validationHookNotFoundAs } from '../errors/handle-error.ts'
import { guarded, json, jsonRequest, jsonWrite, security, write } from '../openapi/route-answers.ts'
import { jsonBody } from '../validation/json-body.ts'
import { toListJson } from './list-json.ts'
import type { CountedListRow, ListRefusal, ListRepository } from './list-repository.ts'
import {
  countedTaskList,
  createListBody,
  deleteListQuery,
  INBOX_NAME,
  listParams,
  listsParams,
  MAX_LISTS_PER_USER,
  movedTaskList,
  moveListBody,
  renameListBody,
  taskList,
  taskListDeleted,
  taskLists,
} from './list-schemas.ts'

// As task-routes.ts: each route once, with every answer it can give. Paths are below `/api/{userId}/lists`
// (create-app.ts). The Inbox is no list here: it cannot be read, renamed, moved or deleted by id, and its counts come
// with the lists (docs/decisions/012-lists-inbox-is-null.md).

const NAME_REFUSALS = 'A name another of the user’s lists has, whatever its case, or “Inbox”, is 409 LIST_NAME_TAKEN.'

export const listLists = createRoute({
  method: 'get',
  path: '/',
  tags: ['lists'],
  summary: 'The Inbox’s counts, and every list in the user’s order with its counts',
  security,
  request: { params: listsParams },
  responses: { 200: json(taskLists, 'The Inbox and the lists'), ...guarded },
})

export const createList = createRoute({
  method: 'post',
  path: '/',
  tags: ['lists'],
  summary: 'Create a list, at the bottom of the user’s lists',
  description: `${NAME_REFUSALS} A user has at most ${MAX_LISTS_PER_USER} lists: one more is 409 LIST_LIMIT_REACHED.`,
  security,
  middleware: [jsonBody()] as const,
  request: { params: listsParams, body: jsonRequest(createListBody, true) },
  responses: { 201: json(taskList, 'Created; Location names it'), ...jsonWrite, 409: refusal('LIST_NAME_TAKEN', 'LIST_LIMIT_REACHED') },
})

export const getList = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['lists'],
  summary: 'Read a list, with its counts',
  security,
  request: { params: listParams },
  responses: { 200: json(countedTaskList, 'The list'), ...guarded, 404: refusal('LIST_NOT_FOUND') },
})

export const renameList = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['lists'],
  summary: 'Rename a list',
  description: NAME_REFUSALS,
  security,
  middleware: [jsonBody()] as const,
  request: { params: listParams, body: jsonRequest(renameListBody, true) },
  responses: { 200: json(taskList, 'The list'), ...jsonWrite, 404: refusal('LIST_NOT_FOUND'), 409: refusal('LIST_NAME_TAKEN') },
})

export const moveList = createRoute({
  method: 'post',
  path: '/{id}/move',
  tags: ['lists'],
  summary: 'Put a list in a new place of the user’s order, between the neighbours the client saw',
  security,
  middleware: [jsonBody()] as const,
  request: { params: listParams, body: jsonRequest(moveListBody, true) },
  responses: { 200: json(movedTaskList, 'The list, and the lists now directly above and below it'), ...jsonWrite, 404: refusal('LIST_NOT_FOUND') },
})

export const deleteList = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['lists'],
  summary: 'Delete a list; its tasks go to the Inbox (tasks=inbox) or are deleted with it (tasks=delete)',
  description: 'The choice is required (422 without it). One transaction: the tasks first, then the list; the answer says how many tasks went where.',
  security,
  request: { params: listParams, query: deleteListQuery },
  responses: { 200: json(taskListDeleted, 'Deleted'), ...write, 404: refusal('LIST_NOT_FOUND'), 422: refusal('VALIDATION_FAILED') },
})

/** Every lists route, for the contract test: each with the answers it declares. */
export const LIST_ROUTES = [listLists, createList, getList, renameList, moveList, deleteList] as const

const isInboxName = (name: string) => name.toLowerCase() === INBOX_NAME.toLowerCase()

function refused(refusal: ListRefusal, name: string): AppError {
  return refusal.refused === 'name_taken' ? nameTaken(name) : new AppError('LIST_LIMIT_REACHED', { detail: { max_lists: refusal.max } })
}

const nameTaken = (name: string) => new AppError('LIST_NAME_TAKEN', { detail: { name } })

const toCountedListJson = (row: CountedListRow) => ({ ...toListJson(row), counts: row.counts })

/**
 * `/api/:userId/lists…`. `requireSession` and `requireOwner` run before these (create-app.ts), so
 * `c.var.session.userId` is the path's user; every query is scoped by it. A list id that is not a UUID is the same 404
 * as another user's list.
 */
export function listRoutes(listRepository: ListRepository) {
  return new OpenAPIHono<ApiEnv>({ defaultHook: validationHookNotFoundAs('LIST_NOT_FOUND') })
    .openapi(listLists, async (c) => {
      const { inbox, lists } = await listRepository.overview(c.var.session.userId)
      return c.json({ inbox: { counts: inbox }, lists: lists.map(toCountedListJson) }, 200)
    })
    .openapi(createList, async (c) => {
      const { name } = c.req.valid('json')
      if (isInboxName(name)) throw nameTaken(name)
      const result = await listRepository.create({ ownerId: c.var.session.userId, name, maxLists: MAX_LISTS_PER_USER })
      if ('refused' in result) throw refused(result, name)
      c.header('Location', `/api/${encodeURIComponent(result.row.userId)}/lists/${result.row.id}`)
      return c.json(toListJson(result.row), 201)
    })
    .openapi(getList, async (c) => {
      const row = await listRepository.findOwned({ ownerId: c.var.session.userId, listId: c.req.valid('param').id })
      if (!row) throw new AppError('LIST_NOT_FOUND')
      return c.json(toCountedListJson(row), 200)
    })
    .openapi(renameList, async (c) => {
      const { name } = c.req.valid('json')
      const listId = c.req.valid('param').id
      if (isInboxName(name)) throw nameTaken(name)
      const result = await listRepository.rename({ ownerId: c.var.session.userId, listId, name })
      if (!result) throw new AppError('LIST_NOT_FOUND')
      if ('refused' in result) throw nameTaken(name)
      return c.json(toListJson(result.row), 200)
    })
    .openapi(moveList, async (c) => {
      const listId = c.req.valid('param').id
      const { before_id: beforeId, after_id: afterId } = c.req.valid('json')
      // A list cannot be its own neighbour: a request that says so is malformed, whatever exists.
      const selfNamed = [['before_id', beforeId] as const, ['after_id', afterId] as const].filter(([, id]) => id === listId)
      if (selfNamed.length > 0) {
        throw new AppError('VALIDATION_FAILED', { detail: selfNamed.map(([field]) => ({ field, message: 'must not be the list being moved' })) })
      }
      const placement = await listRepository.move({ ownerId: c.var.session.userId, listId, beforeId, afterId })
      if (!placement) throw new AppError('LIST_NOT_FOUND')
      return c.json({ list: toListJson(placement.row), before_id: placement.aboveId, after_id: placement.belowId }, 200)
    })
    .openapi(deleteList, async (c) => {
      const removal = await listRepository.remove({ ownerId: c.var.session.userId, listId: c.req.valid('param').id, tasks: c.req.valid('query').tasks })
      if (!removal) throw new AppError('LIST_NOT_FOUND')
      return c.json({ moved_to_inbox: removal.movedToInbox, deleted: removal.deleted }, 200)
    })
}
