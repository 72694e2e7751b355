import type { Result } from '../../preload/api'

export interface ReauthenticateOptions {
  /** The shared "Sign in with your browser" action (browser-sign-in.ts). */
  readonly startBrowserSignIn: () => Result<void>
  readonly reveal: () => void
}

/**
 * "Sign in…" from the tray or a click on the notification: one click shows the window and starts
 * a browser sign-in, which opens the hosted page as soon as plex.tv has issued its PIN.
 */
export function createReauthenticate(options: ReauthenticateOptions): () => void {
  return () => {
    // Started before the window shows: showing it may set off a keychain read (after a keychain
    // error), and a sign-in is not started while one runs.
    options.startBrowserSignIn()
    options.reveal()
  }
}
