'use client'
import { type KeyboardEvent, useEffect, useRef, useState } from 'react'

interface ConfirmActionProps {
  /** The button that starts it: "Sign out". */
  label: string
  /** Its accessible name, when the label alone would be ambiguous in a list ("Sign out Chrome on Linux"). */
  accessibleLabel?: string
  question: string
  confirmLabel: string
  /** Does the thing; resolves to an error message to show, or null when done. */
  onConfirm: () => Promise<string | null>
}

/**
 * A destructive action asked twice, in place: the button turns into the question with "Yes" and "Cancel", focus moves
 * to "Yes", Escape or Cancel puts the button back (and focus on it).
 */
export function ConfirmAction({ label, accessibleLabel, question, confirmLabel, onConfirm }: ConfirmActionProps) {
  const [stage, setStage] = useState<'idle' | 'asking' | 'working'>('idle')
  const [error, setError] = useState<string | null>(null)
  const yes = useRef<HTMLButtonElement>(null)
  const start = useRef<HTMLButtonElement>(null)
  const returnFocus = useRef(false)

  useEffect(() => {
    if (stage === 'asking') yes.current?.focus()
    if (stage === 'idle' && returnFocus.current) {
      returnFocus.current = false
      start.current?.focus()
    }
  }, [stage])

  function cancel() {
    returnFocus.current = true
    setStage('idle')
  }

  async function confirm() {
    setStage('working')
    const failure = await onConfirm()
    if (failure) {
      setError(failure)
      returnFocus.current = true
      setStage('idle')
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape' && stage === 'asking') cancel()
  }

  return (
    <div className="confirm-action" onKeyDown={onKeyDown}>
      {stage === 'idle' ? (
        <button ref={start} type="button" className="button small secondary" aria-label={accessibleLabel} onClick={() => (setError(null), setStage('asking'))}>
          {label}
        </button>
      ) : (
        <span className="confirm-question" role="group" aria-label={question}>
          <span>{question}</span>
          <button ref={yes} type="button" className="button small danger" onClick={confirm} disabled={stage === 'working'}>
            {stage === 'working' ? 'Working…' : confirmLabel}
          </button>
          <button type="button" className="button small secondary" onClick={cancel} disabled={stage === 'working'}>
            Cancel
          </button>
        </span>
      )}
      {error && (
        <span role="alert" className="error-inline">
          {error}
        </span>
      )}
    </div>
  )
}
