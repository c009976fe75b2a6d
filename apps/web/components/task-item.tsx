'use client'
import { type CSSProperties, type FocusEvent, type FormEvent, type KeyboardEvent, type MouseEvent, type ReactNode, type Ref, useEffect, useRef, useState } from 'react'
import type { CountedTaskList, Task, TaskPriority } from '@tasklane/api/contract'
import { isCalendarDay } from '@/lib/due-dates'
import { PRIORITY_LABELS, TaskDetails } from './task-details'
import type { TaskEdits } from './use-task-changes'

/** The id of the hint that says Enter edits a focused task (rendered once, by the dashboard). */
export const TASK_KEYS_HINT_ID = 'task-keys-hint'

interface TaskItemProps {
  task: Task
  /** The user's day, for "Today", "Tomorrow" and overdue (null: not known yet). */
  today: string | null
  onToggle(task: Task): void
  /** Only the fields that changed. */
  onSave(task: Task, edits: TaskEdits): void
  /** The editor was left with an empty title: nothing was saved, and the task keeps its title. */
  onKeepTitle(task: Task): void
  onDelete(task: Task): void
  /** The user's lists, for the editor's "List" select that moves the task (absent: no select). */
  lists?: readonly CountedTaskList[]
  /** In the user's own order: the row's element for drag and drop, its moving style, and the handle to drag it by. */
  sortable?: { rowRef: Ref<HTMLLIElement>; style: CSSProperties; dragging: boolean; handle: ReactNode }
}

/** What opened the editor, and gets focus back when Enter or Escape closes it. */
type Opener = 'checkbox' | 'edit-button'

// A click on Save or Cancel must not take focus first: where a button takes no focus on click (Safari), the editor
// would see focus leave it and save before Cancel is clicked.
const keepFocus = (event: MouseEvent) => event.preventDefault()

/**
 * One task. Its editor opens from the Edit button, a double-click on the text, or Enter on the task's checkbox (Space
 * still toggles); Enter or Save saves, leaving the editor saves, Escape or Cancel puts back what was there.
 */
export function TaskItem({ task, today, onToggle, onSave, onKeepTitle, onDelete, lists, sortable }: TaskItemProps) {
  const [editing, setEditing] = useState<Opener | null>(null)
  const [titleMissing, setTitleMissing] = useState(false)
  const titleRef = useRef<HTMLInputElement>(null)
  const checkboxRef = useRef<HTMLInputElement>(null)
  const editButtonRef = useRef<HTMLButtonElement>(null)
  // Set once the editor is closed, so a focus change as it goes (Escape, Enter) is not taken for leaving it.
  const closed = useRef(false)
  const titleId = `title-${task.id}`

  useEffect(() => {
    const title = titleRef.current
    if (!editing || !title) return
    title.focus()
    // Typing goes on at the end of the title, as in any text field one clicks into.
    title.setSelectionRange(title.value.length, title.value.length)
  }, [editing])

  function openEditor(opener: Opener) {
    closed.current = false
    setTitleMissing(false)
    setEditing(opener)
  }

  function closeEditor(returnFocus: boolean) {
    closed.current = true
    const opener = editing
    setEditing(null)
    setTitleMissing(false)
    // Back where the editor was opened from, so keyboard users keep their place.
    if (returnFocus) requestAnimationFrame(() => (opener === 'checkbox' ? checkboxRef : editButtonRef).current?.focus())
  }

  /** Saves what the editor holds if it changed; false when the title is empty, when nothing is saved. */
  function saveForm(form: HTMLFormElement): boolean {
    const data = new FormData(form)
    const title = String(data.get('title') ?? '').trim()
    if (!title) return false
    const description = String(data.get('description') ?? '').trim() || null
    const dueDay = String(data.get('due_on') ?? '')
    const dueOn = isCalendarDay(dueDay) ? dueDay : null
    const priority = String(data.get('priority') ?? task.priority) as TaskPriority
    // '' is the Inbox (no list); without the select, the task stays where it is.
    const chosenList = data.get('list_id')
    const listId = chosenList === null ? task.list_id : String(chosenList) || null
    const edits: TaskEdits = {
      ...(title !== task.title ? { title } : {}),
      ...(description !== (task.description || null) ? { description } : {}),
      ...(dueOn !== task.due_on ? { due_on: dueOn } : {}),
      ...(priority !== task.priority ? { priority } : {}),
      ...(listId !== task.list_id ? { list_id: listId } : {}),
    }
    if (Object.keys(edits).length > 0) onSave(task, edits)
    return true
  }

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (saveForm(event.currentTarget)) {
      closeEditor(true)
      return
    }
    // Enter on an empty title: say so and stay, with what was typed in the description kept.
    setTitleMissing(true)
    titleRef.current?.focus()
  }

  // Leaving the editor (a click or Tab elsewhere) saves, as TodoMVC does; moving within it (title → Save) does not.
  function saveOnLeave(event: FocusEvent<HTMLFormElement>) {
    if (closed.current || event.currentTarget.contains(event.relatedTarget)) return
    // The window lost focus (another app or tab): the editor waits for the user to come back.
    if (!document.hasFocus()) return
    if (!saveForm(event.currentTarget)) onKeepTitle(task)
    closeEditor(false)
  }

  function cancelOnEscape(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault()
      closeEditor(true)
    }
  }

  function editOnEnter(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' && !event.repeat) {
      event.preventDefault()
      openEditor('checkbox')
    }
  }

  if (editing) {
    const problemId = `title-problem-${task.id}`
    return (
      <li className="task editing" ref={sortable?.rowRef} style={sortable?.style}>
        <form onSubmit={save} onKeyDown={cancelOnEscape} onBlur={saveOnLeave} aria-label={`Edit “${task.title}”`} noValidate>
          <label>
            Title
            <input
              ref={titleRef}
              name="title"
              defaultValue={task.title}
              maxLength={200}
              autoComplete="off"
              aria-required="true"
              aria-invalid={titleMissing}
              aria-describedby={titleMissing ? problemId : undefined}
              onInput={() => setTitleMissing(false)}
            />
          </label>
          {titleMissing && (
            <p id={problemId} className="error-inline" role="alert">
              Give the task a title, or press Escape to keep “{task.title}”.
            </p>
          )}
          <label>
            Description
            <textarea name="description" defaultValue={task.description ?? ''} maxLength={1000} rows={2} />
          </label>
          <div className="row details-row">
            <label>
              Due date
              <input name="due_on" type="date" min="0001-01-01" max="9999-12-31" defaultValue={task.due_on ?? ''} />
            </label>
            <label htmlFor={`priority-${task.id}`}>Priority</label>
            <select id={`priority-${task.id}`} name="priority" defaultValue={task.priority}>
                {(['none', 'low', 'medium', 'high'] as const).map((priority) => (
                  <option key={priority} value={priority}>
                    {PRIORITY_LABELS[priority]}
                  </option>
                ))}
              </select>
            {lists && (
              <>
                <label htmlFor={`list-${task.id}`}>Move to list</label>
                <select id={`list-${task.id}`} name="list_id" defaultValue={task.list_id ?? ''}>
                  <option value="">Inbox</option>
                  {lists.map((list) => (
                    <option key={list.id} value={list.id}>
                      {list.name}
                    </option>
                  ))}
                </select>
              </>
            )}
          </div>
          <div className="row">
            <button type="submit" className="button" onMouseDown={keepFocus}>
              Save
            </button>
            <button type="button" className="button secondary" onMouseDown={keepFocus} onClick={() => closeEditor(true)}>
              Cancel
            </button>
          </div>
        </form>
      </li>
    )
  }

  return (
    <li
      className={`task${task.completed ? ' done' : ''}${sortable?.dragging ? ' dragging' : ''}`}
      data-task-id={task.id}
      ref={sortable?.rowRef}
      style={sortable?.style}
    >
      {sortable?.handle}
      {/* A label round the box only to make the tap target bigger; the title names it. */}
      <label className="check">
        <input
          ref={checkboxRef}
          type="checkbox"
          id={`done-${task.id}`}
          checked={task.completed}
          onChange={() => onToggle(task)}
          onKeyDown={editOnEnter}
          aria-labelledby={titleId}
          aria-describedby={TASK_KEYS_HINT_ID}
        />
      </label>
      <div className="task-text" onDoubleClick={() => openEditor('checkbox')}>
        <span id={titleId} className="task-title" title="Double-click to edit">
          {task.title}
        </span>
        {task.description && <p className="task-description">{task.description}</p>}
        <TaskDetails task={task} today={today} />
      </div>
      <div className="task-actions">
        <button ref={editButtonRef} type="button" className="button small secondary" onClick={() => openEditor('edit-button')} aria-label={`Edit “${task.title}”`}>
          Edit
        </button>
        <button type="button" className="button small danger" onClick={() => onDelete(task)} aria-label={`Delete “${task.title}”`}>
          Delete
        </button>
      </div>
    </li>
  )
}
