import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import type { TaskListRow, TaskRow } from '@tasklane/db/schema'
import type { Logger } from '@tasklane/logging'
import type { TypedResponse } from 'hono'
import type { ApiEnv } from '../api-env.ts'
import { AppError } from '../errors/app-error.ts'
import { refusal } from '../errors/error-responses.ts'
import { priorityOf } from '../tasks/task-priority.ts'
import type { ExportCursor, ExportRepository } from './export-repository.ts'
import { accountExport, type AccountExport, type ExportedList, type ExportedProfile, type ExportedTask, exportParams } from './export-schemas.ts'

/** Tasks read and written out at a time: the most the export holds in memory at once. */
export const EXPORT_PAGE_SIZE = 500

export const exportAccount = createRoute({
  method: 'get',
  path: '/',
  tags: ['account'],
  summary: 'Download my data: the profile, every list and every task, as one JSON file',
  description:
    'Answers `Content-Disposition: attachment; filename="tasklane-YYYY-MM-DD.json"` (the day in UTC). The file is written as it is read, a page of tasks at a time, so its size is not bounded by memory; if the database goes away part-way through, the connection is cut and the file is incomplete (not valid JSON).',
  security: [{ session: [] }],
  request: { params: exportParams },
  responses: {
    200: { description: 'The export', content: { 'application/json': { schema: accountExport } } },
    401: refusal('UNAUTHENTICATED'),
    403: refusal('FORBIDDEN'),
    500: refusal('INTERNAL_ERROR'),
    503: refusal('AUTH_UNAVAILABLE', 'DATABASE_UNAVAILABLE'),
  },
})

export const EXPORT_ROUTES = [exportAccount] as const

/**
 * `GET /api/{userId}/export`, behind `requireSession` and `requireOwner` (create-app.ts). The profile is the one auth
 * gave for this very session; lists and tasks are read with the session's user id only.
 */
export function exportRoutes(repository: ExportRepository, logger: Pick<Logger, 'warn'>) {
  return new OpenAPIHono<ApiEnv>().openapi(exportAccount, async (c) => {
    const { userId, profile } = c.var.session
    // Auth always sends these with a session; without them the answer cannot be trusted (session-validator.ts).
    if (!profile) throw new AppError('AUTH_UNAVAILABLE', { retryAfter: 2, detail: null })
    const now = new Date()
    // Read before the first byte is sent, so a database that is not there is still a 503 in the error shape.
    const [lists, firstPage] = await Promise.all([repository.lists(userId), repository.taskPage(userId, undefined, EXPORT_PAGE_SIZE)])
    const head = {
      format: 'tasklane-export/1',
      exported_at: now.toISOString(),
      profile: {
        id: userId,
        name: profile.name,
        email: profile.email,
        email_verified: profile.emailVerified,
        created_at: new Date(profile.createdAt).toISOString(),
      } satisfies ExportedProfile,
      lists: lists.map(toExportedList),
    }
    const headText = JSON.stringify(head)
    const encoder = new TextEncoder()
    let page: TaskRow[] = firstPage
    let first = true
    const requestId = c.var.requestId

    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        // `{…,"lists":[…]` then `,"tasks":[`: the head without its closing brace.
        controller.enqueue(encoder.encode(`${headText.slice(0, -1)},"tasks":[`))
      },
      // Pulled only as fast as the client reads: one page in memory at a time, however many tasks there are.
      async pull(controller) {
        try {
          if (page.length > 0) {
            const text = page.map((row) => JSON.stringify(toExportedTask(row))).join(',')
            controller.enqueue(encoder.encode(first ? text : `,${text}`))
            first = false
          }
          const last = page.at(-1)
          if (page.length < EXPORT_PAGE_SIZE || !last) {
            controller.enqueue(encoder.encode(']}'))
            controller.close()
            return
          }
          const after: ExportCursor = { createdAt: last.createdAt, id: last.id }
          page = await repository.taskPage(userId, after, EXPORT_PAGE_SIZE)
        } catch (error) {
          logger.warn({ err: error, reqId: requestId }, 'export ended early')
          controller.error(error)
        }
      },
    })

    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="tasklane-${now.toISOString().slice(0, 10)}.json"`,
      'cache-control': 'no-store',
    }
    // The declared JSON, written as a stream: the declaration's types know only `c.json`, so they are told.
    return c.body(body, 200, headers) as unknown as TypedResponse<AccountExport, 200, 'json'>
  })
}

function toExportedList(row: TaskListRow): ExportedList {
  return { id: row.id, name: row.name, position: row.position, created_at: row.createdAt.toISOString(), updated_at: row.updatedAt.toISOString() }
}

function toExportedTask(row: TaskRow): ExportedTask {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    completed: row.completed,
    due_on: row.dueOn,
    priority: priorityOf(row.priority),
    position: row.position,
    list_id: row.listId,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  }
}
