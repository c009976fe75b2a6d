'use client'
import { DndContext, type DragEndEvent, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors } from '@dnd-kit/core'
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable'
import type { CountedTaskList, ListDeleteChoice, TaskLists } from '@tasklane/api/contract'
import { type FormEvent, type MouseEvent, useId, useRef, useState } from 'react'
import { neighboursOfList, pendingOfAll } from '@/lib/list-order'
import { INBOX_CHOICE, type ListChoice } from '@/lib/task-filter-url'
import { neighboursOfMove } from '@/lib/task-order'
import { DeleteListDialog } from './delete-list-dialog'
import { SortableListItem } from './sortable-list-item'
import type { useListChanges } from './use-list-changes'

const DRAG_INSTRUCTIONS = {
  draggable: 'To move a list, press Space or Enter on its handle, then the arrow keys, then Space again to put it down; Escape puts it back. Alt+Up and Alt+Down on a list move it one place.',
}

interface ListsNavProps {
  overview: TaskLists
  current: ListChoice
  hrefOf(choice: ListChoice): string
  onChoose(choice: ListChoice): void
  changes: ReturnType<typeof useListChanges>
  /** A list was deleted: `tasks` said what became of its tasks, `count` how many. */
  onDeleted(list: CountedTaskList, tasks: ListDeleteChoice, count: number): void
}

/**
 * The lists navigation: All tasks, the Inbox, then the user's lists in their order, each with what is left to do in it.
 * A sidebar on a wide screen; on a phone a select to switch lists and a button that opens the same panel to manage them.
 * Lists are created with the input at the bottom (Enter), renamed in place, reordered by drag or Alt+↑/↓, and deleted
 * through a dialog that asks about their tasks.
 */
export function ListsNav({ overview, current, hrefOf, onChoose, changes, onDeleted }: ListsNavProps) {
  const [renaming, setRenaming] = useState<string | null>(null)
  const [createError, setCreateError] = useState<string | null>(null)
  const [deleting, setDeleting] = useState<CountedTaskList | null>(null)
  const [announcement, setAnnouncement] = useState('')
  const [managing, setManaging] = useState(false)
  const newListInput = useRef<HTMLInputElement>(null)
  const panelId = useId()
  const lists = overview.lists

  function choose(event: MouseEvent<HTMLAnchorElement>, choice: ListChoice) {
    // A click with a modifier opens a new tab or window, as any link.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    onChoose(choice)
  }

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const input = newListInput.current
    const name = input?.value.trim() ?? ''
    if (!input) return
    if (name === '') {
      setCreateError('Give the list a name.')
      return
    }
    setCreateError(null)
    try {
      const created = await changes.create(name)
      input.value = ''
      setAnnouncement(`Created the list “${created.name}”.`)
    } catch (error) {
      setCreateError(error instanceof Error ? error.message : 'The list could not be created.')
      input.focus()
    }
  }

  function endRename(list: CountedTaskList, typed: string | null) {
    setRenaming(null)
    const name = typed?.trim() ?? ''
    if (typed !== null && name !== '' && name !== list.name) changes.rename(list.id, name)
    // Focus goes back to the list's link, where the keyboard user was.
    requestAnimationFrame(() => document.querySelector<HTMLAnchorElement>(`li[data-list-id="${list.id}"] .list-link`)?.focus())
  }

  /** Moves `list` to place `to` of the lists, in one request; shown there at once. */
  function moveList(list: CountedTaskList, to: number, announce = true) {
    const ids = lists.map((item) => item.id)
    const neighbours = neighboursOfMove(ids, ids.indexOf(list.id), to)
    if (!neighbours) return
    changes.move(list.id, neighbours, neighboursOfList(overview, list.id))
    if (announce) setAnnouncement(`Moved the list “${list.name}” to place ${to + 1} of ${ids.length}.`)
  }

  function moveByKey(list: CountedTaskList, by: -1 | 1) {
    const from = lists.findIndex((item) => item.id === list.id)
    const to = from + by
    if (to < 0 || to >= lists.length) {
      setAnnouncement(`“${list.name}” is already ${by < 0 ? 'first' : 'last'}.`)
      return
    }
    moveList(list, to)
  }

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }))
  const nameOf = (id: string | number) => lists.find((list) => list.id === id)?.name ?? 'the list'
  const placeOf = (id: string | number) => lists.findIndex((list) => list.id === id) + 1
  const announcements = {
    onDragStart: ({ active }: { active: { id: string | number } }) => `Picked up the list “${nameOf(active.id)}”.`,
    onDragOver: ({ active, over }: { active: { id: string | number }; over: { id: string | number } | null }) =>
      over ? `“${nameOf(active.id)}” is at place ${placeOf(over.id)} of ${lists.length}.` : undefined,
    onDragEnd: ({ active, over }: { active: { id: string | number }; over: { id: string | number } | null }) =>
      over ? `Put “${nameOf(active.id)}” down at place ${placeOf(over.id)} of ${lists.length}.` : `Put “${nameOf(active.id)}” back.`,
    onDragCancel: ({ active }: { active: { id: string | number } }) => `Put “${nameOf(active.id)}” back where it was.`,
  }
  function drop({ active, over }: DragEndEvent) {
    const list = lists.find((item) => item.id === active.id)
    const to = over ? lists.findIndex((item) => item.id === over.id) : -1
    if (list && to !== -1) moveList(list, to, false)
  }

  async function remove(list: CountedTaskList, tasks: ListDeleteChoice) {
    const answer = await changes.remove(list.id, tasks)
    setDeleting(null)
    onDeleted(list, tasks, tasks === 'inbox' ? answer.moved_to_inbox : answer.deleted)
  }

  const fixedEntry = (choice: ListChoice, name: string, pending: number) => (
    <li className="list-entry fixed">
      <a
        href={hrefOf(choice)}
        className={`list-link${current === choice ? ' active' : ''}`}
        aria-current={current === choice ? 'page' : undefined}
        onClick={(event) => choose(event, choice)}
      >
        <span className="list-name">{name}</span>
        <span className="count" aria-label={`${pending} to do`}>
          {pending}
        </span>
      </a>
    </li>
  )

  return (
    <div className="lists-area">
      {/* A phone's compact switcher: the same choices as the links, and a button for the panel that manages them. */}
      <div className="lists-compact">
        <label htmlFor="list-select">List</label>
        <select id="list-select" value={current ?? ''} onChange={(event) => onChoose(event.currentTarget.value === '' ? null : event.currentTarget.value)}>
          <option value="">All tasks ({pendingOfAll(overview)})</option>
          <option value={INBOX_CHOICE}>Inbox ({overview.inbox.counts.pending})</option>
          {lists.map((list) => (
            <option key={list.id} value={list.id}>
              {list.name} ({list.counts.pending})
            </option>
          ))}
        </select>
        <button type="button" className="button small secondary" aria-expanded={managing} aria-controls={panelId} onClick={() => setManaging((open) => !open)}>
          Manage lists
        </button>
      </div>
      <nav id={panelId} className={`lists-nav card${managing ? ' open' : ''}`} aria-label="Lists">
        <ul className="list-entries">
          {fixedEntry(null, 'All tasks', pendingOfAll(overview))}
          {fixedEntry(INBOX_CHOICE, 'Inbox', overview.inbox.counts.pending)}
        </ul>
        {/* Only with lists to move: the drag's live region is not added to a page that has nothing to drag. */}
        {lists.length > 0 && (
          <DndContext id="lists-order" sensors={sensors} collisionDetection={closestCenter} onDragEnd={drop} accessibility={{ announcements, screenReaderInstructions: DRAG_INSTRUCTIONS }}>
            <SortableContext items={lists.map((list) => list.id)} strategy={verticalListSortingStrategy}>
              <ul className="list-entries own-lists" aria-label="My lists">
                {lists.map((list) => (
                  <SortableListItem
                    key={list.id}
                    list={list}
                    href={hrefOf(list.id)}
                    current={current === list.id}
                    renaming={renaming === list.id}
                    onChoose={(event) => choose(event, list.id)}
                    onMoveByKey={(by) => moveByKey(list, by)}
                    onStartRename={() => setRenaming(list.id)}
                    onEndRename={(name) => endRename(list, name)}
                    onDelete={() => setDeleting(list)}
                  />
                ))}
              </ul>
            </SortableContext>
          </DndContext>
        )}
        <form className="new-list" onSubmit={create} aria-label="New list">
          <label htmlFor="new-list-name" className="visually-hidden">
            New list
          </label>
          <input
            ref={newListInput}
            id="new-list-name"
            name="name"
            placeholder="New list"
            maxLength={60}
            autoComplete="off"
            enterKeyHint="done"
            aria-invalid={createError !== null}
            aria-describedby={createError ? 'new-list-error' : undefined}
            onInput={() => setCreateError(null)}
          />
          <button type="submit" className="button small secondary" disabled={changes.creating}>
            Add list
          </button>
          {createError && (
            <p id="new-list-error" className="error-inline" role="alert">
              {createError}
            </p>
          )}
        </form>
        <p id="list-keys-hint" className="visually-hidden">
          Alt+Up and Alt+Down move the list; F2 or a double-click renames it.
        </p>
        <p id="list-rename-hint" className="visually-hidden">
          Enter saves the name, Escape keeps the old one.
        </p>
        <div className="visually-hidden lists-announcement" aria-live="polite">
          {announcement}
        </div>
      </nav>
      <DeleteListDialog list={deleting} onClose={() => setDeleting(null)} onDelete={remove} />
    </div>
  )
}
