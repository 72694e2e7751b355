import { useCallback, useState } from 'react'
import type { Result } from '../../../preload/api'
import { useAnnouncer } from '../components/announcer'
import { errorCopy } from '../copy/error-copy'

export type Feedback = { readonly tone: 'done' | 'failed'; readonly text: string } | null

/**
 * Runs one call into main and says how it went: shown by the caller next to its control, and told
 * to screen readers through the window's live regions (a success politely, a failure at once).
 * Presses while the call runs are ignored.
 */
export function useAction(onAction: () => Promise<Result<unknown>>, doneText?: string) {
  const say = useAnnouncer()
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
    if (result.ok) {
      setFeedback(doneText === undefined ? null : { tone: 'done', text: doneText })
      if (doneText !== undefined) say(doneText, 'polite')
      return
    }
    const text = errorCopy(result.error).sentence
    setFeedback({ tone: 'failed', text })
    say(text, 'assertive')
  }

  const clear = useCallback(() => setFeedback(null), [])
  return { busy, feedback, run, clear }
}
