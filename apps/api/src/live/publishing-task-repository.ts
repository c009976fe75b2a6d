import type { Logger } from '@tasklane/logging'
import type { TaskRepository } from '../tasks/task-repository.ts'
import type { PublishTaskChange, TaskChange } from './task-change.ts'

/**
 * The task repository with every successful write announced to the owner's live streams (`task-event-routes.ts`),
 * on every api instance. Reads pass straight through. A write that changed nothing (a task that is not there, a bulk
 * action that matched no row) announces nothing.
 *
 * The announcement follows the write and cannot undo it: should publishing fail (the database went away between the
 * two), the write stands and is answered as done, and the failure is logged. Open tabs then catch up when their stream
 * reconnects or the window regains focus.
 *
 * Typed as the whole `TaskRepository`: a method added there is a type error here until it is decided whether it writes.
 */
export function createPublishingTaskRepository(repository: TaskRepository, publish: PublishTaskChange, logger: Pick<Logger, 'warn'>): TaskRepository {
  const announce = async (change: TaskChange) => {
    try {
      await publish(change)
    } catch (error) {
      logger.warn({ err: error, change }, 'task change not published; open streams catch up when they reconnect')
    }
  }

  return {
    // Every argument passed on as given, so a parameter added to a read cannot be dropped here.
    list: (...args) => repository.list(...args),
    counts: (...args) => repository.counts(...args),
    findOwned: (...args) => repository.findOwned(...args),
    async create(input) {
      const row = await repository.create(input)
      await announce({ user_id: input.ownerId, kind: 'created', task_id: row.id })
      return row
    },
    async update(input) {
      const row = await repository.update(input)
      if (row) await announce({ user_id: input.ownerId, kind: 'updated', task_id: row.id })
      return row
    },
    async setCompleted(input) {
      const row = await repository.setCompleted(input)
      if (row) await announce({ user_id: input.ownerId, kind: 'completed', task_id: row.id })
      return row
    },
    async remove(input) {
      const removed = await repository.remove(input)
      if (removed) await announce({ user_id: input.ownerId, kind: 'deleted', task_id: input.taskId })
      return removed
    },
    async setCompletedMatching(input) {
      const updated = await repository.setCompletedMatching(input)
      if (updated > 0) await announce({ user_id: input.ownerId, kind: 'completed_all' })
      return updated
    },
    // A move changes the task's place in its owner's order: open lists read the order again.
    async move(input) {
      const placement = await repository.move(input)
      if (placement?.moved) await announce({ user_id: input.ownerId, kind: 'moved', task_id: input.taskId })
      return placement
    },
    async removeCompleted(...args) {
      const deleted = await repository.removeCompleted(...args)
      if (deleted > 0) await announce({ user_id: args[0], kind: 'cleared_completed' })
      return deleted
    },
  }
}
