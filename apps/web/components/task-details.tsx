import type { Task, TaskPriority } from '@tasklane/api/contract'
import { dueLabel } from '@/lib/due-dates'

export const PRIORITY_LABELS: Readonly<Record<TaskPriority, string>> = { none: 'No priority', low: 'Low', medium: 'Medium', high: 'High' }

/**
 * A task's due day and priority, as short badges under its title. An overdue day is in the danger colour (and says
 * so in words for screen readers, not only in colour); "none" shows nothing.
 */
export function TaskDetails({ task, today }: { task: Pick<Task, 'due_on' | 'priority' | 'completed'>; today: string | null }) {
  const due = task.due_on ? dueLabel(task.due_on, today) : null
  // A finished task is not late: its day is shown plainly.
  const tone = due && task.completed && due.tone === 'overdue' ? 'later' : due?.tone
  if (!due && task.priority === 'none') return null
  return (
    <span className="task-details">
      {due && task.due_on && (
        <time className={`badge due due-${tone}`} dateTime={task.due_on}>
          {tone === 'overdue' ? <span className="visually-hidden">Overdue: </span> : <span className="visually-hidden">Due </span>}
          {due.text}
        </time>
      )}
      {task.priority !== 'none' && <span className={`badge priority priority-${task.priority}`}>{PRIORITY_LABELS[task.priority]} priority</span>}
    </span>
  )
}
