'use client'
import { useSortable } from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import type { CountedTaskList } from '@tasklane/api/contract'
import { type KeyboardEvent, type MouseEvent, useRef } from 'react'

interface SortableListItemProps {
  list: CountedTaskList
  href: string
  current: boolean
  renaming: boolean
  onChoose(event: MouseEvent<HTMLAnchorElement>): void
  /** Alt+↑ (-1) or Alt+↓ (1) on the focused list. */
  onMoveByKey(by: -1 | 1): void
  onStartRename(): void
  /** A new name typed and Enter pressed (or the input left); null: Escape, nothing changes. */
  onEndRename(name: string | null): void
  onDelete(): void
}

/**
 * One of the user's lists in the lists navigation: a link to it with its pending count, dragged by its handle (mouse,
 * touch, or Space and the arrows on the handle) or moved with Alt+↑/↓ on the link; renamed in place (double-click, F2
 * or Rename) and deleted through a dialog. As a task row, the moving style is set by React (CSSOM), not inline HTML.
 */
export function SortableListItem({ list, href, current, renaming, onChoose, onMoveByKey, onStartRename, onEndRename, onDelete }: SortableListItemProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: list.id })
  // Escape ends the rename before the input loses focus: its blur must not save what Escape threw away.
  const ended = useRef(false)

  function linkKeyDown(event: KeyboardEvent<HTMLAnchorElement>) {
    if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault()
      onMoveByKey(event.key === 'ArrowUp' ? -1 : 1)
    } else if (event.key === 'F2') {
      event.preventDefault()
      onStartRename()
    }
  }

  function renameKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault()
      ended.current = true
      onEndRename(event.currentTarget.value)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      ended.current = true
      onEndRename(null)
    }
  }

  return (
    <li ref={setNodeRef} className={`list-entry${isDragging ? ' dragging' : ''}`} data-list-id={list.id} style={{ transform: CSS.Translate.toString(transform), transition }}>
      <button type="button" ref={setActivatorNodeRef} className="drag-handle list-handle" {...attributes} {...listeners} aria-label={`Move list “${list.name}”`}>
        <span aria-hidden="true">⠿</span>
      </button>
      {renaming ? (
        <input
          className="list-rename"
          defaultValue={list.name}
          maxLength={60}
          aria-label={`New name for “${list.name}”`}
          aria-describedby="list-rename-hint"
          autoComplete="off"
          // The rename was asked for just now (double-click, F2, Rename): focus goes to where the typing is.
          autoFocus
          onFocus={(event) => {
            ended.current = false
            event.currentTarget.select()
          }}
          onKeyDown={renameKeyDown}
          onBlur={(event) => {
            if (!ended.current) onEndRename(event.currentTarget.value)
          }}
        />
      ) : (
        <a
          href={href}
          className={`list-link${current ? ' active' : ''}`}
          aria-current={current ? 'page' : undefined}
          aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown F2"
          aria-describedby="list-keys-hint"
          onClick={onChoose}
          onKeyDown={linkKeyDown}
          onDoubleClick={onStartRename}
        >
          <span className="list-name">{list.name}</span>
          <span className="count" aria-label={`${list.counts.pending} to do`}>
            {list.counts.pending}
          </span>
        </a>
      )}
      <span className="list-actions">
        <button type="button" className="icon-button" onClick={onStartRename} aria-label={`Rename list “${list.name}”`} disabled={renaming}>
          <span aria-hidden="true">✎</span>
        </button>
        <button type="button" className="icon-button danger" onClick={onDelete} aria-label={`Delete list “${list.name}”`}>
          <span aria-hidden="true">×</span>
        </button>
      </span>
    </li>
  )
}
