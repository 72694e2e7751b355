import type { Result, SignInState } from '../../preload/api'
import { ok } from '../core/result'
import type { SignInService } from '../core/signin/signin-service'

export interface BrowserSignInOptions {
  readonly service: SignInService
  /** The safe opener (safe-open-external.ts): https, allowlisted hosts only. */
  readonly openExternal: (url: string) => Promise<Result<void>>
}

/** True while plex.tv is still creating the first browser PIN. */
function browserStarting(state: SignInState): boolean {
  if (state.kind === 'starting') return state.modes.includes('browser')
  return state.kind === 'waiting' && state.starting.includes('browser')
}

/**
 * "Sign in with your browser", wherever it is asked for (window, tray, notification): starts a
 * browser-mode PIN and opens the hosted page as soon as plex.tv has issued it. Asked again while
 * a browser PIN is live, it opens that page again rather than making a new PIN; asked again while
 * that PIN is being created, it does nothing (the page opens once it exists).
 *
 * What to do is read from the service's state each time, not remembered here: each start watches
 * the state until its PIN appears (the page opens) or the browser mode stops starting without one
 * (failed or cancelled: nothing opens, and the next click starts afresh).
 *
 * Main opens the browser, not the renderer: a page could only ask, and main only ever opens the
 * URL of its own live PIN.
 */
export function createBrowserSignIn(options: BrowserSignInOptions): () => Result<void> {
  const { service } = options

  return () => {
    const live = service.pin('browser')
    if (live) {
      void options.openExternal(live.url) // eng-disable OPEN_EXTERNAL_JS_CHECK
      return ok(undefined)
    }
    // Already asked and the PIN is still being created: one page will open, not two.
    if (browserStarting(service.getSnapshot().state)) return ok(undefined)
    const started = service.start('browser')
    if (!started.ok) return started
    const stop = service.subscribe(({ state }) => {
      const pin = state.kind === 'waiting' ? state.pins.find((p) => p.mode === 'browser') : undefined
      if (pin) {
        stop()
        void options.openExternal(pin.url) // eng-disable OPEN_EXTERNAL_JS_CHECK
      } else if (!browserStarting(state)) {
        stop()
      }
    })
    return ok(undefined)
  }
}
