'use client'
import type { Task, TaskPriority } from '@tasklane/api/contract'
import { type RefObject, useEffect, useRef } from 'react'
import type { TaskEdits } from './use-task-changes'

/** Every shortcut, as the help dialog lists it. */
export const SHORTCUTS: ReadonlyArray<{ keys: string[]; does: string }> = [
  { keys: ['n'], does: 'New task' },
  { keys: ['/'], does: 'Search (Escape clears it)' },
  { keys: ['j', 'k'], does: 'Next / previous task' },
  { keys: ['x'], does: 'Mark the task done or not done' },
  { keys: ['e'], does: 'Edit the task' },
  { keys: ['Delete'], does: 'Delete the task (with Undo)' },
  { keys: ['1', '2', '3'], does: 'Priority low, medium, high' },
  { keys: ['0'], does: 'No priority' },
  { keys: ['t'], does: 'Due today' },
  { keys: ['Alt+↑', 'Alt+↓'], does: 'Move the task up / down (in My order)' },
  { keys: ['Alt+↑', 'Alt+↓'], does: 'Move the focused list up / down' },
  { keys: ['F2'], does: 'Rename the focused list (Enter saves, Escape cancels)' },
  { keys: ['?'], does: 'This help' },
]

const PRIORITY_BY_KEY: Readonly<Record<string, TaskPriority>> = { '0': 'none', '1': 'low', '2': 'medium', '3': 'high' }

// Fields where a key is text: a shortcut there would eat what is typed. A checkbox or a button is not one.
const NOT_TYPING = new Set(['checkbox', 'radio', 'button', 'submit', 'reset'])
function isTypingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLInputElement) return !NOT_TYPING.has(target.type)
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement
}

interface ShortcutOptions {
  /** The list the tasks are shown in; each stored task's row carries `data-task-id`. */
  taskList: RefObject<HTMLUListElement | null>
  tasks: readonly Task[]
  enabled: boolean
  today: string | null
  onNewTask(): void
  onSearch(): void
  onHelp(): void
  /** Alt+↑ (-1) or Alt+↓ (+1) on a task. */
  onMove(task: Task, by: -1 | 1): void
  onToggle(task: Task): void
  onDelete(task: Task): void
  onEdit(task: Task, edits: TaskEdits): void
}

/**
 * The dashboard's single-key shortcuts. None fires while a text field, a select or an editor has focus, with Ctrl, Alt
 * or Meta held (the browser's and the system's own), or while a dialog is open; the one exception is Alt+↑/↓, which
 * moves a task. A task's shortcuts act on the task that has focus (its checkbox, or a button in its row); `j` and `k`
 * move that focus.
 */
export function useKeyboardShortcuts(options: ShortcutOptions): void {
  // The handler is added once and reads the newest options, so it never acts on a list from an earlier render.
  const current = useRef(options)
  useEffect(() => {
    current.current = options
  })

  useEffect(() => {
    function rows(): HTMLLIElement[] {
      return [...(current.current.taskList.current?.querySelectorAll<HTMLLIElement>('li[data-task-id]') ?? [])]
    }
    const focusRow = (row: HTMLLIElement | undefined) => row?.querySelector<HTMLInputElement>('input[type="checkbox"]')?.focus()

    function onKeyDown(event: globalThis.KeyboardEvent) {
      const { enabled, tasks, today, onNewTask, onSearch, onHelp, onToggle, onDelete, onEdit, onMove } = current.current
      if (!enabled || event.defaultPrevented || event.isComposing) return
      if (isTypingIn(event.target) || document.querySelector('dialog[open]')) return
      const all = rows()
      const row = document.activeElement instanceof HTMLElement ? document.activeElement.closest<HTMLLIElement>('li[data-task-id]') : null
      const at = row ? all.indexOf(row) : -1
      const task = row ? tasks.find((item) => item.id === row.dataset.taskId) : undefined
      const act = (action: () => void) => {
        event.preventDefault()
        action()
      }
      // Alt+↑/↓ on a task, as in editors that move a line; elsewhere Alt+arrow stays the browser's (Back, Forward).
      if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
        if (task) act(() => onMove(task, event.key === 'ArrowUp' ? -1 : 1))
        return
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return
      switch (event.key) {
        case '?':
          return act(onHelp)
        case 'n':
          return act(onNewTask)
        case '/':
          return act(onSearch)
        case 'j':
          return act(() => focusRow(at === -1 ? all[0] : all[Math.min(at + 1, all.length - 1)]))
        case 'k':
          return act(() => focusRow(at === -1 ? all.at(-1) : all[Math.max(at - 1, 0)]))
      }
      if (!task || !row) return
      switch (event.key) {
        case 'x':
          return act(() => onToggle(task))
        case 'e':
          return act(() => row.querySelector<HTMLButtonElement>('.task-actions button')?.click())
        case 'Delete':
          return act(() => {
            // Focus goes on to the next task (or the one before the last), so the next key has a task to act on.
            focusRow(all[at + 1] ?? all[at - 1])
            onDelete(task)
          })
        case 't':
          if (today !== null && task.due_on !== today) act(() => onEdit(task, { due_on: today }))
          return
      }
      const priority = PRIORITY_BY_KEY[event.key]
      if (priority !== undefined && Object.hasOwn(PRIORITY_BY_KEY, event.key)) {
        act(() => {
          if (task.priority !== priority) onEdit(task, { priority })
        })
      }
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [])
}

/** The list of shortcuts, as a modal dialog: Escape or Close shuts it and focus goes back where it was. */
export function KeyboardShortcutsHelp({ open, onClose }: { open: boolean; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const element = dialog.current
    if (!element) return
    if (open && !element.open) element.showModal()
    if (!open && element.open) element.close()
  }, [open])
  return (
    <dialog ref={dialog} className="shortcuts card" aria-labelledby="shortcuts-heading" onClose={onClose}>
      <h2 id="shortcuts-heading">Keyboard shortcuts</h2>
      <p className="hint">Not while typing in a field. A task’s keys act on the task that has focus.</p>
      <dl>
        {SHORTCUTS.map((shortcut) => (
          <div key={shortcut.does} className="shortcut">
            <dt>
              {shortcut.keys.map((key) => (
                <kbd key={key}>{key}</kbd>
              ))}
            </dt>
            <dd>{shortcut.does}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit" className="button">
          Close
        </button>
      </form>
    </dialog>
  )
}
