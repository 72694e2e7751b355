import { type ReactNode, useState } from 'react'
import type { Result } from '../../../preload/api'
import { errorCopy } from '../copy/error-copy'

type Feedback = { readonly tone: 'done' | 'failed'; readonly text: string } | null

export interface ActionButtonProps {
  readonly children: ReactNode
  /** The call into main. Its Result decides the feedback; errors are data, never thrown. */
  readonly onAction: () => Promise<Result<unknown>>
  /** Said (and shown) after success, for actions with no visible effect such as copying. */
  readonly doneText?: string
  readonly variant?: 'primary' | 'secondary' | 'quiet'
  readonly describedBy?: string
}

/**
 * A button that calls main and says how it went, next to itself, in a polite live region. It stays
 * enabled while busy (a disabled button drops keyboard focus) and ignores presses until done.
 */
export function ActionButton({ children, onAction, doneText, variant = 'secondary', describedBy }: ActionButtonProps) {
  const [busy, setBusy] = useState(false)
  const [feedback, setFeedback] = useState<Feedback>(null)

  const run = async (): Promise<void> => {
    if (busy) return
    setBusy(true)
    setFeedback(null)
    const result = await onAction().catch(
      (reason: unknown): Result<unknown> => ({
        ok: false,
        error: { code: 'unknown', message: String(reason), retryable: true },
      }),
    )
    setBusy(false)
    if (result.ok) setFeedback(doneText === undefined ? null : { tone: 'done', text: doneText })
    else setFeedback({ tone: 'failed', text: errorCopy(result.error).sentence })
  }

  return (
    <span className="action">
      <button
        type="button"
        className={`button button-${variant}`}
        aria-busy={busy || undefined}
        aria-describedby={describedBy}
        onClick={() => void run()}
      >
        {children}
      </button>
      <span role="status" className={feedback ? `action-feedback action-${feedback.tone}` : 'action-feedback'}>
        {feedback?.text}
      </span>
    </span>
  )
}
