'use client'
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react'
import type { Task } from '@tasklane/api/contract'

interface TaskItemProps {
  task: Task
  onToggle(task: Task): void
  onSave(task: Task, changes: { title: string; description: string | null }): void
  onDelete(task: Task): void
}

export function TaskItem({ task, onToggle, onSave, onDelete }: TaskItemProps) {
  const [editing, setEditing] = useState(false)
  const titleRef = useRef<HTMLInputElement>(null)
  const editButtonRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (editing) titleRef.current?.focus()
  }, [editing])

  function finishEditing() {
    setEditing(false)
    // Back to the button that opened the editor, so keyboard users keep their place.
    requestAnimationFrame(() => editButtonRef.current?.focus())
  }

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const title = String(form.get('title') ?? '').trim()
    if (!title) return
    const description = String(form.get('description') ?? '').trim() || null
    onSave(task, { title, description })
    finishEditing()
  }

  function cancelOnEscape(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault()
      finishEditing()
    }
  }

  if (editing) {
    return (
      <li className="task editing">
        <form onSubmit={save} onKeyDown={cancelOnEscape} aria-label={`Edit “${task.title}”`}>
          <label>
            Title
            <input ref={titleRef} name="title" defaultValue={task.title} required maxLength={200} />
          </label>
          <label>
            Description
            <textarea name="description" defaultValue={task.description ?? ''} maxLength={1000} rows={2} />
          </label>
          <div className="row">
            <button type="submit" className="button">
              Save
            </button>
            <button type="button" className="button secondary" onClick={finishEditing}>
              Cancel
            </button>
          </div>
        </form>
      </li>
    )
  }

  return (
    <li className={`task${task.completed ? ' done' : ''}`}>
      <input type="checkbox" id={`done-${task.id}`} checked={task.completed} onChange={() => onToggle(task)} />
      <div className="task-text">
        <label htmlFor={`done-${task.id}`} className="task-title">
          {task.title}
        </label>
        {task.description && <p className="task-description">{task.description}</p>}
      </div>
      <div className="task-actions">
        <button ref={editButtonRef} type="button" className="button small secondary" onClick={() => setEditing(true)} aria-label={`Edit “${task.title}”`}>
          Edit
        </button>
        <button type="button" className="button small danger" onClick={() => onDelete(task)} aria-label={`Delete “${task.title}”`}>
          Delete
        </button>
      </div>
    </li>
  )
}
