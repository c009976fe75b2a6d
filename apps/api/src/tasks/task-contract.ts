/**
 * The tasks api's wire contract for other packages (`@tasklane/api/contract`): the schemas the routes declare and
 * the types inferred from them. The web app imports the types only (`import type`), so no api code reaches its bundle.
 */
export {
  completeTaskBody,
  createTaskBody,
  listTasksQuery,
  TASK_SORTS,
  TASK_STATUSES,
  task,
  taskCounts,
  taskPage,
  updateTaskBody,
  type CreateTaskBody,
  type ListTasksQuery,
  type Task,
  type TaskCounts,
  type TaskFilter,
  type TaskPage,
  type TaskSort,
  type UpdateTaskBody,
} from './task-schemas.ts'
