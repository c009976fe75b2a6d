import type { Logger } from '@tasklane/logging'
import type { ListRepository } from '../lists/list-repository.ts'
import type { PublishTaskChange, TaskChange } from './task-change.ts'

/**
 * The list repository with every successful write announced to the owner's live streams, as
 * publishing-task-repository.ts does for tasks (same channel, same rules): a refused or empty write announces nothing,
 * and a failed announcement is logged, not answered. A list's counts change with its tasks, whose own changes are
 * announced there.
 *
 * Typed as the whole `ListRepository`: a method added there is a type error here until it is decided whether it writes.
 */
export function createPublishingListRepository(repository: ListRepository, publish: PublishTaskChange, logger: Pick<Logger, 'warn'>): ListRepository {
  const announce = async (change: TaskChange) => {
    try {
      await publish(change)
    } catch (error) {
      logger.warn({ err: error, change }, 'list change not published; open streams catch up when they reconnect')
    }
  }

  return {
    overview: (...args) => repository.overview(...args),
    findOwned: (...args) => repository.findOwned(...args),
    async create(input) {
      const result = await repository.create(input)
      if ('row' in result) await announce({ user_id: input.ownerId, kind: 'list_created', list_id: result.row.id })
      return result
    },
    async rename(input) {
      const result = await repository.rename(input)
      if (result && 'row' in result) await announce({ user_id: input.ownerId, kind: 'list_renamed', list_id: input.listId })
      return result
    },
    async move(input) {
      const placement = await repository.move(input)
      if (placement?.moved) await announce({ user_id: input.ownerId, kind: 'list_moved', list_id: input.listId })
      return placement
    },
    async remove(input) {
      const removal = await repository.remove(input)
      if (removal) await announce({ user_id: input.ownerId, kind: 'list_deleted', list_id: input.listId })
      return removal
    },
  }
}
