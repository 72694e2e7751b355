import { useRef, useState } from 'react'
import type { RemovalOutcome, Result } from '../../../preload/api'
import { settled } from '../bridge/settled'
import { useAnnouncer } from '../components/announcer'
import { type RemovalCopy, type RemovedKind, removalCopy, removalFailureCopy } from '../copy/device-copy'

/** The last removal a section asked for, as it says it above its list. */
export type Removal =
  | { readonly kind: 'idle' }
  | { readonly kind: 'removing'; readonly text: string }
  | { readonly kind: 'settled'; readonly copy: RemovalCopy }

/**
 * Runs one removal at a time into main and says how it went, on screen and to screen readers (a
 * token plex.tv still accepts, or a failure, at once). Once plex.tv has acted, or says the device
 * was already gone, `onSettled` runs, so the list is asked again and shows what is left.
 */
export function useRemoval(kind: RemovedKind, onSettled: () => void) {
  const say = useAnnouncer()
  const [removal, setRemoval] = useState<Removal>({ kind: 'idle' })
  const running = useRef(false)
  // How many removals have settled: a section moves focus on only after one of its own.
  const [settledCount, setSettledCount] = useState(0)

  const remove = async (name: string, call: () => Promise<Result<RemovalOutcome>>): Promise<void> => {
    if (running.current) return
    running.current = true
    const text = kind === 'tool' ? `Revoking ${name}…` : `Removing “${name}”…`
    setRemoval({ kind: 'removing', text })
    say(text, 'polite')
    const result = await settled(call)
    running.current = false
    const copy: RemovalCopy = result.ok ? removalCopy(kind, name, result.value) : removalFailureCopy(kind, name, result.error)
    setRemoval({ kind: 'settled', copy })
    setSettledCount((n) => n + 1)
    say(copy.text, copy.tone === 'done' ? 'polite' : 'assertive')
    if (result.ok || result.error.code === 'device-gone') onSettled()
  }

  return { removal, remove, settledCount }
}
