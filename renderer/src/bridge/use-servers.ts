import { useCallback, useEffect, useState } from 'react'
import type { AppError, PlexkeyApi, ServersView } from '../../../preload/api'
import { useAskAgain } from '../hooks/use-ask-again'
import { settled } from './settled'

/** The Servers section's data: on its way (with the last list, if any), unreadable, or here. */
export type ServersLoad =
  | { readonly kind: 'loading'; readonly last: ServersView | null }
  | { readonly kind: 'failed'; readonly error: AppError }
  | { readonly kind: 'ready'; readonly view: ServersView }

/**
 * The account's servers, asked of main when the section appears (the window opened), when the
 * page sees the network come back, when the window becomes visible again, and on request; and
 * every list main probes of its own accord arrives as it is found. main bounds each refresh
 * (every address gets a few seconds at most) and joins one already running.
 */
export function useServers(api: PlexkeyApi): { readonly load: ServersLoad; refresh(): void } {
  const [load, setLoad] = useState<ServersLoad>({ kind: 'loading', last: null })
  const [attempt, setAttempt] = useState(0)
  const refresh = useCallback(() => setAttempt((n) => n + 1), [])

  // main probes on its own too (resume, the network back): the list it finds replaces the shown one.
  // Subscribed before asking, so no list main finds meanwhile is missed.
  useEffect(() => api.servers.onChanged((view) => setLoad({ kind: 'ready', view })), [api])

  useEffect(() => {
    let current = true
    setLoad((now) => ({ kind: 'loading', last: now.kind === 'ready' ? now.view : now.kind === 'loading' ? now.last : null }))
    void settled(() => api.servers.refresh()).then((result) => {
      if (!current) return
      setLoad(result.ok ? { kind: 'ready', view: result.value } : { kind: 'failed', error: result.error })
    })
    return () => {
      current = false
    }
  }, [api, attempt])

  useAskAgain(refresh)

  return { load, refresh }
}
