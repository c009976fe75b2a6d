'use client'
import type { CountedTaskList, ListDeleteChoice } from '@tasklane/api/contract'
import { type FormEvent, useEffect, useRef, useState } from 'react'
import { taskCountText } from '@/lib/task-counter'

interface DeleteListDialogProps {
  /** The list to delete; null: the dialog is closed. */
  list: CountedTaskList | null
  onClose(): void
  /** Deletes it; rejects with the api's refusal, shown in the dialog. */
  onDelete(list: CountedTaskList, tasks: ListDeleteChoice): Promise<void>
}

/**
 * Deleting a list, in a modal dialog that asks what becomes of its tasks: they go to the Inbox (chosen first: nothing is
 * lost by default) or are deleted with it. The api takes no default either (docs/decisions/012-lists-inbox-is-null.md).
 */
export function DeleteListDialog({ list, onClose, onDelete }: DeleteListDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // The list stays on screen while the dialog closes, and a new one opens with a clean slate.
  const [shown, setShown] = useState<CountedTaskList | null>(list)
  if (list !== null && list.id !== shown?.id) {
    setShown(list)
    setError(null)
    setPending(false)
  }

  useEffect(() => {
    const element = dialog.current
    if (!element) return
    if (list && !element.open) element.showModal()
    if (!list && element.open) element.close()
  }, [list])

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!list) return
    const tasks = new FormData(event.currentTarget).get('tasks') === 'delete' ? 'delete' : 'inbox'
    setPending(true)
    setError(null)
    try {
      await onDelete(list, tasks)
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'The list could not be deleted.')
    } finally {
      setPending(false)
    }
  }

  const count = shown?.counts.all ?? 0
  return (
    <dialog ref={dialog} className="settings-dialog list-dialog" aria-labelledby="delete-list-heading" aria-describedby="delete-list-text" onClose={onClose}>
      <form onSubmit={submit} aria-busy={pending}>
        <h2 id="delete-list-heading">Delete the list “{shown?.name}”?</h2>
        <p id="delete-list-text">{count === 0 ? 'It has no tasks.' : `It has ${taskCountText(count)}. What should happen to ${count === 1 ? 'it' : 'them'}?`}</p>
        {count > 0 && (
          <fieldset className="delete-choice">
            <legend className="visually-hidden">Its tasks</legend>
            <label className="radio">
              <input type="radio" name="tasks" value="inbox" defaultChecked />
              Move {count === 1 ? 'it' : 'them'} to the Inbox
            </label>
            <label className="radio">
              <input type="radio" name="tasks" value="delete" />
              Delete {count === 1 ? 'it' : `all ${count}`} with the list
            </label>
          </fieldset>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="row">
          <button type="submit" className="button danger-solid" disabled={pending}>
            Delete list
          </button>
          <button type="button" className="button secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  )
}
