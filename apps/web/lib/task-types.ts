/** A task as the api sends it. */
export interface Task {
  id: string
  user_id: string
  title: string
  description: string | null
  completed: boolean
  created_at: string
  updated_at: string
}

export interface TaskPage {
  tasks: Task[]
  next_cursor: string | null
}

export interface TaskCounts {
  all: number
  pending: number
  completed: number
}

export type TaskFilter = 'all' | 'pending' | 'completed'
