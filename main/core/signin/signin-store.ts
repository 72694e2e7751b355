import { isDeepStrictEqual } from 'node:util'
import type { SignInState, Snapshot, Unsubscribe } from '../../../preload/api'

/**
 * The one place the sign-in state changes. Each real change bumps `seq` by one and reaches every
 * subscriber; setting a state equal to the current one is a no-op, so listeners never see repeats.
 */
export interface SignInStore {
  snapshot(): Snapshot
  state(): SignInState
  set(state: SignInState): void
  subscribe(listener: (snapshot: Snapshot) => void): Unsubscribe
}

export function createSignInStore(initial: SignInState): SignInStore {
  let current: Snapshot = { seq: 0, state: initial }
  const listeners = new Set<(snapshot: Snapshot) => void>()
  return {
    snapshot: () => current,
    state: () => current.state,
    set(state) {
      if (isDeepStrictEqual(state, current.state)) return
      current = { seq: current.seq + 1, state }
      const snapshot = current
      // A copy: a listener may unsubscribe (itself or another) while we iterate.
      for (const listener of [...listeners]) {
        // One failing listener must not keep the others, or the state owner, from going on.
        try {
          listener(snapshot)
        } catch {
          // Listeners are UI bridges; their failures are theirs to report.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}
