import { useCallback, useEffect, useRef, useState } from 'react'
import type { AppError, Result } from '../../../preload/api'
import { useAskAgain } from '../hooks/use-ask-again'
import { settled } from './settled'

/** A list asked of main: on its way (with the last one, if any), unreadable, or here. */
export type ListingLoad<T> =
  | { readonly kind: 'loading'; readonly last: T | null }
  | { readonly kind: 'failed'; readonly error: AppError }
  | { readonly kind: 'ready'; readonly value: T }

/** What is on screen while a load runs: the last list, so rows do not vanish and come back. */
export function shownValue<T>(load: ListingLoad<T>): T | null {
  return load.kind === 'ready' ? load.value : load.kind === 'loading' ? load.last : null
}

/**
 * A list main reads from plex.tv (the tools, the devices): asked when the section appears (the
 * window opened), when the window becomes visible again, when the network comes back, on request,
 * and whenever `generation` changes (a removal anywhere on the screen). An answer to an older
 * request is dropped once a newer one is asked.
 */
export function useListing<T>(ask: () => Promise<Result<T>>, generation = 0): { readonly load: ListingLoad<T>; refresh(): void } {
  const [load, setLoad] = useState<ListingLoad<T>>({ kind: 'loading', last: null })
  const [attempt, setAttempt] = useState(0)
  const refresh = useCallback(() => setAttempt((n) => n + 1), [])
  // The latest function, without asking again each time the caller makes a new one.
  const latestAsk = useRef(ask)
  latestAsk.current = ask

  useEffect(() => {
    let current = true
    setLoad((now) => ({ kind: 'loading', last: shownValue(now) }))
    void settled(latestAsk.current).then((result) => {
      if (!current) return
      setLoad(result.ok ? { kind: 'ready', value: result.value } : { kind: 'failed', error: result.error })
    })
    return () => {
      current = false
    }
  }, [attempt, generation])

  useAskAgain(refresh)

  return { load, refresh }
}
