import type { SignInState, Unsubscribe } from '../../preload/api'
import type { Clock, TimerHandle } from '../core/clock'
import type { ServerDirectory } from '../core/servers/server-directory'

export interface ServerRefreshOptions {
  readonly directory: ServerDirectory
  readonly clock: Clock
  /** Electron's powerMonitor 'resume'. */
  readonly onResume: (listener: () => void) => Unsubscribe
  /** The main window's 'show'. */
  readonly onWindowShown: (listener: () => void) => Unsubscribe
  /** Electron's net.isOnline(), sampled: main has no event for a network change. */
  readonly isOnline: () => boolean
  readonly onlinePollMs?: number
}

export interface ServerRefresh {
  /** Every sign-in state, as the service publishes it. */
  onState(state: SignInState): void
  stop(): void
}

/**
 * When the server list is probed again: on signing in, on showing the window, on resume from sleep
 * and when the network comes back (where a laptop is decides which address answers). Each refresh
 * is bounded by the prober and joins one already running. Signed out, the list is forgotten.
 */
export function createServerRefresh(options: ServerRefreshOptions): ServerRefresh {
  const { directory, clock } = options
  const pollMs = options.onlinePollMs ?? 30_000
  let signedIn = false
  let online = options.isOnline()
  let poll: TimerHandle | null = null

  const refresh = (): void => {
    if (signedIn) void directory.refresh()
  }
  const sample = (): void => {
    const now = options.isOnline()
    if (now && !online) refresh()
    online = now
    poll = clock.setTimeout(sample, pollMs)
  }
  poll = clock.setTimeout(sample, pollMs)
  const stopResume = options.onResume(refresh)
  const stopShown = options.onWindowShown(refresh)

  return {
    onState: (state) => {
      const now = state.kind === 'signed-in'
      if (now && !signedIn) {
        signedIn = true
        refresh()
      } else if (!now && signedIn) {
        signedIn = false
        directory.clear()
      }
    },
    stop: () => {
      if (poll !== null) clock.clearTimeout(poll)
      poll = null
      stopResume()
      stopShown()
    },
  }
}
