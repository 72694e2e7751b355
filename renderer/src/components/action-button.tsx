import type { ReactNode } from 'react'
import type { Result } from '../../../preload/api'
import { useAction } from '../hooks/use-action'

export interface ActionButtonProps {
  readonly children: ReactNode
  /** The call into main. Its Result decides the feedback; errors are data, never thrown. */
  readonly onAction: () => Promise<Result<unknown>>
  /** Said (and shown) after success, for actions with no visible effect such as copying: one sentence, with its full stop. */
  readonly doneText?: string
  readonly variant?: 'primary' | 'secondary' | 'quiet'
  readonly describedBy?: string
  /** The accessible name, when the visible words need more around them (which server, which list). */
  readonly label?: string
  readonly disabled?: boolean
}

/**
 * A button that calls main and says how it went, next to itself and to screen readers. It stays
 * enabled while busy (a disabled button drops keyboard focus) and ignores presses until done.
 */
export function ActionButton({ children, onAction, doneText, variant = 'secondary', describedBy, label, disabled }: ActionButtonProps) {
  const { busy, feedback, run } = useAction(onAction, doneText)
  return (
    <span className="action">
      <button
        type="button"
        className={`button button-${variant}`}
        aria-busy={busy || undefined}
        aria-describedby={describedBy}
        aria-label={label}
        disabled={disabled}
        onClick={() => void run()}
      >
        {children}
      </button>
      <span className={feedback ? `action-feedback action-${feedback.tone}` : 'action-feedback'}>{feedback?.text}</span>
    </span>
  )
}
