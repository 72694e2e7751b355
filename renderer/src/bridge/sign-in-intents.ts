import type { PinMode, PlexkeyApi, Result } from '../../../preload/api'

/** The user's sign-in requests, with the little memory "Try again" needs. */
export interface SignInIntents {
  start(mode: PinMode): Promise<Result<void>>
  /** Repeats what failed: the sign-in started from this window, or else the check main ran at launch. */
  retry(): Promise<Result<void>>
  /** A fresh code in the mode last used (a code for another device when none was). */
  restart(): Promise<Result<void>>
  /** Whether `retry` starts a sign-in (one was started from this window) rather than repeat main's check. */
  retryStarts(): boolean
}

export function createSignInIntents(api: PlexkeyApi): SignInIntents {
  let lastMode: PinMode | null = null
  const start = (mode: PinMode): Promise<Result<void>> => {
    lastMode = mode
    return api.auth.start({ mode })
  }
  return {
    start,
    retry: () => (lastMode === null ? api.auth.checkNow() : start(lastMode)),
    restart: () => start(lastMode ?? 'link'),
    retryStarts: () => lastMode !== null,
  }
}
