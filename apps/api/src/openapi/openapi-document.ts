import { z } from 'zod'
import { ERROR_CODES } from '../errors/error-codes.ts'
import { completeTaskBody, createTaskBody, listTasksQuery, updateTaskBody } from '../tasks/task-schemas.ts'

// The request schemas are the ones the routes validate with, so this document cannot drift from the code.
const schema = (type: z.ZodType) => z.toJSONSchema(type, { io: 'input', unrepresentable: 'any' })

const task = {
  type: 'object',
  required: ['id', 'user_id', 'title', 'description', 'completed', 'created_at', 'updated_at'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    user_id: { type: 'string' },
    title: { type: 'string', maxLength: 200 },
    description: { type: ['string', 'null'], maxLength: 1000 },
    completed: { type: 'boolean' },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
}

const error = {
  type: 'object',
  required: ['error_code', 'message', 'detail'],
  properties: {
    error_code: { type: 'string', enum: Object.keys(ERROR_CODES) },
    message: { type: 'string' },
    detail: {},
  },
}

const json = (ref: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } })
const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), { description: describe(status), ...json('Error') }]))
const describe = (status: number) =>
  Object.entries(ERROR_CODES)
    .filter(([, entry]) => entry.status === status)
    .map(([code]) => code)
    .join(', ')

const common = [401, 403, 503, 500]
const userId = { name: 'userId', in: 'path', required: true, schema: { type: 'string' }, description: 'must be the signed-in user' }
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }
const querySchema = schema(listTasksQuery) as { properties: Record<string, object> }
const listParameters = Object.entries(querySchema.properties).map(([name, property]) => ({ name, in: 'query', required: false, schema: property }))

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tasklane tasks API',
      version: '1.0.0',
      description:
        'Every request is authenticated by the Better Auth session cookie, checked with the auth service on each call. Writes must come from a trusted Origin.',
    },
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'better-auth.session_token' } },
      schemas: {
        Task: task,
        Error: error,
        CreateTask: schema(createTaskBody),
        UpdateTask: schema(updateTaskBody),
        CompleteTask: schema(completeTaskBody),
        TaskPage: {
          type: 'object',
          required: ['tasks', 'next_cursor'],
          properties: { tasks: { type: 'array', items: { $ref: '#/components/schemas/Task' } }, next_cursor: { type: ['string', 'null'] } },
        },
      },
    },
    security: [{ session: [] }],
    paths: {
      '/api/{userId}/tasks': {
        parameters: [userId],
        get: { summary: 'List tasks (keyset-paginated)', parameters: listParameters, responses: { 200: { description: 'A page', ...json('TaskPage') }, ...errorResponses(422, ...common) } },
        post: {
          summary: 'Create a task',
          requestBody: { required: true, ...json('CreateTask') },
          responses: { 201: { description: 'Created; Location names it', ...json('Task') }, ...errorResponses(400, 413, 415, 422, ...common) },
        },
      },
      '/api/{userId}/tasks/counts': {
        parameters: [userId],
        get: {
          summary: 'How many tasks, pending and completed',
          responses: {
            200: {
              description: 'Counts',
              content: {
                'application/json': {
                  schema: { type: 'object', required: ['all', 'pending', 'completed'], properties: { all: { type: 'integer' }, pending: { type: 'integer' }, completed: { type: 'integer' } } },
                },
              },
            },
            ...errorResponses(...common),
          },
        },
      },
      '/api/{userId}/tasks/{id}': {
        parameters: [userId, id],
        get: { summary: 'Read a task', responses: { 200: { description: 'The task', ...json('Task') }, ...errorResponses(404, ...common) } },
        put: {
          summary: 'Replace title and description; set completed if sent',
          requestBody: { required: true, ...json('UpdateTask') },
          responses: { 200: { description: 'The task', ...json('Task') }, ...errorResponses(400, 404, 413, 415, 422, ...common) },
        },
        delete: { summary: 'Delete a task', responses: { 204: { description: 'Deleted' }, ...errorResponses(404, ...common) } },
      },
      '/api/{userId}/tasks/{id}/complete': {
        parameters: [userId, id],
        patch: {
          summary: 'No body: toggle. {"completed": bool}: set (safe to retry)',
          requestBody: { required: false, ...json('CompleteTask') },
          responses: { 200: { description: 'The task', ...json('Task') }, ...errorResponses(400, 404, 415, 422, ...common) },
        },
      },
    },
  }
}
