import type { NewTask } from './use-task-changes'

/** A task typed and sent but not answered yet: shown at once, in its place, and changeable once it is stored. */
export function TaskDraftItem({ draft }: { draft: NewTask & { key: number } }) {
  const id = `draft-${draft.key}`
  return (
    <li className="task pending" aria-busy="true">
      <span className="check">
        <input type="checkbox" id={id} checked={false} disabled readOnly aria-labelledby={`${id}-title`} />
      </span>
      <div className="task-text">
        <span id={`${id}-title`} className="task-title">
          {draft.title}
        </span>
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
