const wholeNumber = new Intl.NumberFormat('en')

/** "1 task", "0 tasks", "1,204 tasks". */
export function taskCountText(count: number): string {
  return `${wholeNumber.format(count)} ${count === 1 ? 'task' : 'tasks'}`
}

/** The counter under the list: how many are still to do. */
export function tasksLeftText(pending: number): string {
  return `${taskCountText(pending)} left`
}

/** "1 completed task", "3 completed tasks". */
export function completedTasksText(count: number): string {
  return `${wholeNumber.format(count)} completed ${count === 1 ? 'task' : 'tasks'}`
}
