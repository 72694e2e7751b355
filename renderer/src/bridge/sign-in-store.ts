import type { AppError, PlexkeyApi, Snapshot, Unsubscribe } from '../../../preload/api'

/** A tiny external store over the contract, shaped for `useSyncExternalStore`. */
export interface SignInStore {
  subscribe(onChange: () => void): Unsubscribe
  /** The newest snapshot seen, or null before the first one arrives. Stable between changes. */
  getSnapshot(): Snapshot | null
}

/**
 * Follows main's sign-in state. It subscribes before asking for the current state, so no change can
 * slip between the two, and keeps only the highest `seq`: an answer to `getState()` that arrives
 * after a newer event is stale and dropped.
 */
export function createSignInStore(api: PlexkeyApi): SignInStore {
  const listeners = new Set<() => void>()
  let current: Snapshot | null = null
  let stopEvents: Unsubscribe | null = null

  const accept = (next: Snapshot): void => {
    if (current !== null && next.seq <= current.seq) return
    current = next
    for (const listener of listeners) listener()
  }

  // A failed first read still has to be drawn; seq -1 lets any real snapshot replace it.
  const acceptFailure = (error: AppError): void => accept({ seq: -1, state: { kind: 'error', error } })

  const start = (): void => {
    stopEvents = api.auth.onStateChanged(accept)
    api.auth.getState().then(
      (result) => (result.ok ? accept(result.value) : acceptFailure(result.error)),
      (reason: unknown) =>
        acceptFailure({
          code: 'unknown',
          message: reason instanceof Error ? reason.message : 'The sign-in state could not be read.',
          retryable: true,
        }),
    )
  }

  return {
    subscribe(onChange) {
      listeners.add(onChange)
      if (stopEvents === null) start()
      return () => {
        listeners.delete(onChange)
        if (listeners.size === 0 && stopEvents !== null) {
          stopEvents()
          stopEvents = null
        }
      }
    },
    getSnapshot: () => current,
  }
}
