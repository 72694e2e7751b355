import type { Result, SignInState } from '../../preload/api'
import { fail, ok } from '../core/result'
import type { SignInService } from '../core/signin/signin-service'

export interface BrowserSignInOptions {
  readonly service: SignInService
  /** The safe opener (safe-open-external.ts): https, allowlisted hosts only. */
  readonly openExternal: (url: string) => Promise<Result<void>>
  /** Adds another account beside the signed-in one (SignInService.add) rather than the usual sign-in. */
  readonly adding?: boolean
}

/** True while plex.tv is still creating the first browser PIN. */
function browserStarting(state: SignInState): boolean {
  if (state.kind === 'starting') return state.modes.includes('browser')
  return state.kind === 'waiting' && state.starting.includes('browser')
}

/**
 * Opens the live browser PIN's page in the system browser, with the return page armed so the
 * browser's return signs in at once. When the page cannot be opened, no browser will return, and
 * polling goes back to its usual pace.
 */
export async function openBrowserPage(
  service: SignInService,
  openExternal: (url: string) => Promise<Result<void>>,
): Promise<Result<void>> {
  const address = await service.browserAddress()
  if (address === null) return fail('invalid-state', 'There is no sign-in page to open. Start signing in first.')
  const opened = await openExternal(address) // eng-disable OPEN_EXTERNAL_JS_CHECK
  if (!opened.ok) service.browserNotOpened()
  return opened
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
      void openBrowserPage(service, options.openExternal)
      return ok(undefined)
    }
    // Already asked and the PIN is still being created: one page will open, not two.
    if (browserStarting(service.getSnapshot().state)) return ok(undefined)
    const started = options.adding ? service.add('browser') : service.start('browser')
    if (!started.ok) return started
    const stop = service.subscribe(({ state }) => {
      const pin = state.kind === 'waiting' ? state.pins.find((p) => p.mode === 'browser') : undefined
      if (pin) {
        stop()
        void openBrowserPage(service, options.openExternal)
      } else if (!browserStarting(state)) {
        stop()
      }
    })
    return ok(undefined)
  }
}
