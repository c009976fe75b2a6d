/** Rejects `UndoWindow.closed` when the user takes the change back. */
export class UndoneError extends Error {
  constructor() {
    super('Undone.')
    this.name = 'UndoneError'
  }
}

export interface UndoWindow {
  /** Resolves when the window ends (after `ms`, or at once with `endNow`); rejects with `UndoneError` on `undo`. */
  readonly closed: Promise<void>
  /** Takes the change back; false once the window has ended. */
  undo(): boolean
  /** Ends the window now, e.g. as the page goes away, so the change is sent while it still can be. */
  endNow(): void
}

/** The time a change waits before it is sent, during which Undo takes it back. */
export function undoWindow(ms: number): UndoWindow {
  let open = true
  let settle: { resolve(): void; reject(error: Error): void } = { resolve() {}, reject() {} }
  const closed = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject }
  })
  const close = (outcome: () => void) => {
    if (!open) return false
    open = false
    clearTimeout(timer)
    outcome()
    return true
  }
  const timer = setTimeout(() => close(settle.resolve), ms)
  return {
    closed,
    undo: () => close(() => settle.reject(new UndoneError())),
    endNow: () => void close(settle.resolve),
  }
}
