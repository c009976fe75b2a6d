import type { OpenAPIHono } from '@hono/zod-openapi'
import type { ExtractSchema, MergeSchemaPath } from 'hono/types'
import type { ApiEnv } from '../api-env.ts'
import type { TASKS_PATH } from '../create-app.ts'
import type { taskRoutes } from './task-routes.ts'

/**
 * The tasks api's wire contract for other packages (`@tasklane/api/contract`): the schemas the routes declare and
 * the types inferred from them. The web app imports the types only (`import type`), so no api code reaches its bundle.
 */
export {
  clearCompletedTasksBody,
  completeAllTasksBody,
  completeTaskBody,
  createTaskBody,
  listTasksQuery,
  TASK_SORTS,
  TASK_STATUSES,
  task,
  taskCounts,
  taskListFilter,
  taskPage,
  tasksDeleted,
  tasksUpdated,
  updateTaskBody,
  type CompleteAllTasksBody,
  type CreateTaskBody,
  type ListTasksQuery,
  type Task,
  type TaskCounts,
  type TaskFilter,
  type TaskListFilter,
  type TaskPage,
  type TasksDeleted,
  type TaskSort,
  type TasksUpdated,
  type UpdateTaskBody,
} from './task-schemas.ts'

/**
 * Every tasks route as mounted (`/api/:userId/tasks…`), with its request and each declared answer, for a typed
 * `hc<TasksApi>()` client from `hono/client`: paths, bodies, queries and answers are checked against task-routes.ts.
 */
export type TasksApi = OpenAPIHono<ApiEnv, MergeSchemaPath<ExtractSchema<ReturnType<typeof taskRoutes>>, typeof TASKS_PATH>>
