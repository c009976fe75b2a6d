import type { NewTask } from './use-task-changes'

/** A task typed and sent but not answered yet: shown at once, in its place, and changeable once it is stored. */
export function TaskDraftItem({ draft }: { draft: NewTask & { key: number } }) {
  const id = `draft-${draft.key}`
  return (
    <li className="task pending" aria-busy="true">
      <input type="checkbox" id={id} checked={false} disabled readOnly />
      <div className="task-text">
        <label htmlFor={id} className="task-title">
          {draft.title}
        </label>
        {draft.description && <p className="task-description">{draft.description}</p>}
      </div>
      <div className="task-actions">
        <button type="button" className="button small secondary" disabled aria-label={`Edit “${draft.title}”`}>
          Edit
        </button>
        <button type="button" className="button small danger" disabled aria-label={`Delete “${draft.title}”`}>
          Delete
        </button>
      </div>
    </li>
  )
}
