'use client'
import { useSortable } from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import type { ComponentProps } from 'react'
import { TaskItem } from './task-item'

type SortableTaskItemProps = Omit<ComponentProps<typeof TaskItem>, 'sortable'>

/**
 * A task in the user's own order: dragged by its handle (mouse, touch, or Space and the arrow keys on the handle), so a
 * drag never starts from a tap on the checkbox, the text or a button. The moving style is set by React after the page
 * has loaded (CSSOM, which the Content-Security-Policy allows); the server renders none.
 */
export function SortableTaskItem(props: SortableTaskItemProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: props.task.id })
  const handle = (
    <button type="button" ref={setActivatorNodeRef} className="drag-handle" {...attributes} {...listeners} aria-label={`Move “${props.task.title}”`}>
      <span aria-hidden="true">⠿</span>
    </button>
  )
  const style = { transform: CSS.Translate.toString(transform), transition }
  return <TaskItem {...props} sortable={{ rowRef: setNodeRef, style, dragging: isDragging, handle }} />
}
