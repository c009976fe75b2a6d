import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { undoWindow, UndoneError } from './undo-window'

describe('undo window', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('closes after its time', async () => {
    const change = undoWindow(5_000)
    const closed = vi.fn()
    void change.closed.then(closed)
    await vi.advanceTimersByTimeAsync(4_999)
    expect(closed).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(closed).toHaveBeenCalledOnce()
    expect(change.undo()).toBe(false)
  })

  it('is taken back with undo, once, and then never closes', async () => {
    const change = undoWindow(5_000)
    expect(change.undo()).toBe(true)
    await expect(change.closed).rejects.toBeInstanceOf(UndoneError)
    expect(change.undo()).toBe(false)
    change.endNow()
    await vi.advanceTimersByTimeAsync(10_000)
    await expect(change.closed).rejects.toBeInstanceOf(UndoneError)
  })

  it('ends at once with endNow, after which undo is too late', async () => {
    const change = undoWindow(5_000)
    change.endNow()
    await expect(change.closed).resolves.toBeUndefined()
    expect(change.undo()).toBe(false)
  })
})
