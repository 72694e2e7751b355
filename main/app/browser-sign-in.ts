import type { Result, Unsubscribe } from '../../preload/api'
import { ok } from '../core/result'
import type { SignInService } from '../core/signin/signin-service'

export interface BrowserSignInOptions {
  readonly service: SignInService
  /** The safe opener (safe-open-external.ts): https, allowlisted hosts only. */
  readonly openExternal: (url: string) => Promise<Result<void>>
}

/**
 * "Sign in with your browser", wherever it is asked for (window, tray, notification): starts a
 * browser-mode PIN and opens the hosted page as soon as plex.tv has issued it. Asked again while
 * a browser PIN is live, it opens that page again rather than making a new PIN.
 *
 * Main opens the browser, not the renderer: a page could only ask, and main only ever opens the
 * URL of its own live PIN.
 */
export function createBrowserSignIn(options: BrowserSignInOptions): () => Result<void> {
  const { service } = options
  let waiting: Unsubscribe | null = null

  return () => {
    const live = service.pin('browser')
    if (live) {
      void options.openExternal(live.url) // eng-disable OPEN_EXTERNAL_JS_CHECK
      return ok(undefined)
    }
    // Already asked and the PIN is still being created: one page will open, not two.
    if (waiting) return ok(undefined)
    const started = service.start('browser')
    if (!started.ok) return started
    waiting = service.subscribe(({ state }) => {
      if (state.kind === 'starting') return
      waiting?.()
      waiting = null
      const pin = state.kind === 'waiting' ? state.pins.find((p) => p.mode === 'browser') : undefined
      if (pin) void options.openExternal(pin.url) // eng-disable OPEN_EXTERNAL_JS_CHECK
    })
    return ok(undefined)
  }
}
