import type { PinMode, PinView, Result, Snapshot, Unsubscribe } from '../../../preload/api'

/**
 * The sign-in state owner used by the desktop app and the CLI alike.
 *
 * It runs PIN sessions (one per mode; the first approved wins, the others are cancelled), keeps
 * the token in the credential vault, checks its health, and publishes numbered snapshots. The
 * token never leaves it except into the vault.
 */
export interface SignInService {
  getSnapshot(): Snapshot
  /** Called on every change with the new snapshot; returns its own unsubscribe. */
  subscribe(listener: (snapshot: Snapshot) => void): Unsubscribe
  /** At start: load the stored token and validate it with plex.tv (signed-in, rejected or unreachable). */
  restore(): Promise<void>
  /** Starts (or adds) a PIN in this mode; while waiting, both modes may run side by side. */
  start(mode: PinMode): Result<void>
  /**
   * Starts a PIN sign-in for another account while one is signed in (the usual sign-in when none
   * is). The active account stays in the keychain until the new one is approved, which then becomes
   * active (an account already kept is refreshed). Cancelling goes back to the still-active account.
   */
  add(mode: PinMode): Result<void>
  /**
   * Another account was made active in the keychain (an account switch): the one shown goes, and
   * the keychain's active account is loaded and checked with plex.tv as at start.
   */
  follow(): Promise<Result<void>>
  /** Cancels every running PIN; no request leaves after this returns. */
  cancel(): Result<void>
  /** Validates the stored token now (also used by the scheduled health check). */
  checkNow(): Promise<Result<void>>
  /** Best-effort server sign-out, then removal from the keychain. The client id stays. */
  signOut(): Promise<Result<void>>
  /** The live PIN for a mode, for "copy code" and "open browser again". */
  pin(mode: PinMode): PinView | undefined
  /**
   * The address to open in this machine's browser for the live browser PIN (null when there is
   * none): its hosted page, with a one-time return page on 127.0.0.1 in `forwardUrl`, so the
   * sign-in is noticed the moment Plex sends the browser back. Never shown or printed: `pin()`'s
   * plain address is the one for any device.
   */
  browserAddress(): Promise<string | null>
  /** The browser did not open after all: the return page closes and polling resumes its usual pace. */
  browserNotOpened(): void
  /**
   * Resolves once the work that runs on after a state change has finished: signing out, at
   * plex.tv, an account a sign-in replaced. A command that exits once signed in awaits it first.
   */
  settled(): Promise<void>
  /** Stops every timer and request. */
  dispose(): void
}
