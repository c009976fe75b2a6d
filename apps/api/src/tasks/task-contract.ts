import type { OpenAPIHono } from '@hono/zod-openapi'
import type { ExtractSchema, MergeSchemaPath } from 'hono/types'
import type { ApiEnv } from '../api-env.ts'
import type { LISTS_PATH, TASKS_PATH } from '../create-app.ts'
import type { listRoutes } from '../lists/list-routes.ts'
import type { taskRoutes } from './task-routes.ts'

/**
 * The tasks api's wire contract for other packages (`@tasklane/api/contract`), tasks and lists: the schemas the routes
 * declare and the types inferred from them. The web app imports the types only (`import type`), so no api code reaches its bundle.
 */
export {
  clearCompletedTasksBody,
  completeAllTasksBody,
  completeTaskBody,
  countTasksQuery,
  createTaskBody,
  listTasksQuery,
  movedTask,
  moveTaskBody,
  patchTaskBody,
  TASK_ORDERS,
  TASK_PRIORITIES,
  TASK_SORTS,
  TASK_STATUSES,
  TASK_VIEWS,
  INBOX,
  task,
  taskCounts,
  taskListFilter,
  taskPage,
  tasksDeleted,
  tasksUpdated,
  updateTaskBody,
  type CompleteAllTasksBody,
  type CountTasksQuery,
  type CreateTaskBody,
  type ListTasksQuery,
  type MovedTask,
  type MoveTaskBody,
  type PatchTaskBody,
  type Task,
  type TaskCounts,
  type TaskFilter,
  type TaskListChoice,
  type TaskListFilter,
  type TaskOrder,
  type TaskPage,
  type TaskPriority,
  type TasksDeleted,
  type TaskSort,
  type TasksUpdated,
  type TaskView,
  type UpdateTaskBody,
} from './task-schemas.ts'
export { SEARCH_MAX } from './task-search.ts'
export {
  countedTaskList,
  createListBody,
  deleteListQuery,
  INBOX_NAME,
  LIST_DELETE_CHOICES,
  LIST_NAME_MAX,
  listName,
  MAX_LISTS_PER_USER,
  movedTaskList,
  moveListBody,
  renameListBody,
  taskList,
  taskListDeleted,
  taskLists,
  type CountedTaskList,
  type CreateListBody,
  type ListDeleteChoice,
  type MovedTaskList,
  type MoveListBody,
  type RenameListBody,
  type TaskList,
  type TaskListDeleted,
  type TaskLists,
} from '../lists/list-schemas.ts'

/**
 * Every tasks route as mounted (`/api/:userId/tasks…`), with its request and each declared answer, for a typed
 * `hc<TasksApi>()` client from `hono/client`: paths, bodies, queries and answers are checked against task-routes.ts.
 */
export type TasksApi = OpenAPIHono<ApiEnv, MergeSchemaPath<ExtractSchema<ReturnType<typeof taskRoutes>>, typeof TASKS_PATH>>

/** Every lists route as mounted (`/api/:userId/lists…`), for a typed `hc<ListsApi>()` client, as `TasksApi`. */
export type ListsApi = OpenAPIHono<ApiEnv, MergeSchemaPath<ExtractSchema<ReturnType<typeof listRoutes>>, typeof LISTS_PATH>>
