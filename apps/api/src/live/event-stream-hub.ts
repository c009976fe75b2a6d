import { AppError } from '../errors/app-error.ts'
import type { TaskChange } from './task-change.ts'

/** What an open stream is told: one of its user's changes, or that changes may have been missed and it must fetch again. */
export type LiveEvent = { type: 'change'; change: TaskChange } | { type: 'resync' }

export interface EventStreamSubscriber {
  deliver(event: LiveEvent): void
  /** Ends the stream (shutdown). */
  end(): void
}

export interface EventStreamPlace {
  /** Starts delivering to `subscriber`. */
  attach(subscriber: EventStreamSubscriber): void
  /** Stops delivering and frees the place; safe to call more than once. */
  release(): void
}

export interface EventStreamHub {
  /**
   * A place for one more stream of `userId`, or `TOO_MANY_EVENT_STREAMS` (429) past the per-user limit and
   * `EVENT_STREAMS_FULL` (503) past the per-process one, so no client can hold more of this process than its share.
   */
  reserve(userId: string): EventStreamPlace
  /** To the open streams of `change.user_id`, and only those. */
  publish(change: TaskChange): void
  resyncAll(): void
  endAll(): void
  /** Open streams in this process. */
  readonly size: number
}

export const EVENT_STREAMS_RETRY_AFTER_SECONDS = 5

/** The open streams of this api process, by user. */
export function createEventStreamHub({ maxPerUser, maxPerProcess }: { maxPerUser: number; maxPerProcess: number }): EventStreamHub {
  const byUser = new Map<string, Set<{ subscriber?: EventStreamSubscriber }>>()
  let size = 0

  const deliverToAll = (event: LiveEvent) => {
    for (const places of byUser.values()) for (const place of places) place.subscriber?.deliver(event)
  }

  return {
    reserve(userId) {
      const places = byUser.get(userId) ?? new Set()
      if (places.size >= maxPerUser) throw new AppError('TOO_MANY_EVENT_STREAMS', { retryAfter: EVENT_STREAMS_RETRY_AFTER_SECONDS })
      if (size >= maxPerProcess) throw new AppError('EVENT_STREAMS_FULL', { retryAfter: EVENT_STREAMS_RETRY_AFTER_SECONDS })
      const place: { subscriber?: EventStreamSubscriber } = {}
      places.add(place)
      byUser.set(userId, places)
      size++
      let released = false
      return {
        attach(subscriber) {
          if (!released) place.subscriber = subscriber
        },
        release() {
          if (released) return
          released = true
          delete place.subscriber
          places.delete(place)
          if (places.size === 0 && byUser.get(userId) === places) byUser.delete(userId)
          size--
        },
      }
    },
    publish(change) {
      const places = byUser.get(change.user_id)
      if (!places) return
      for (const place of places) place.subscriber?.deliver({ type: 'change', change })
    },
    resyncAll: () => deliverToAll({ type: 'resync' }),
    endAll() {
      for (const places of [...byUser.values()]) for (const place of [...places]) place.subscriber?.end()
    },
    get size() {
      return size
    },
  }
}
