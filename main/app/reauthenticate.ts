import type { Result, Unsubscribe } from '../../preload/api'
import type { SignInService } from '../core/signin/signin-service'

export interface ReauthenticateOptions {
  readonly service: SignInService
  readonly openExternal: (url: string) => Promise<Result<void>>
  readonly reveal: () => void
}

/**
 * "Sign in…" from the tray or a click on the notification: one click shows the window, starts a
 * browser sign-in and, as soon as plex.tv has issued its PIN, opens the hosted sign-in page.
 */
export function createReauthenticate(options: ReauthenticateOptions): () => void {
  const { service } = options
  let waiting: Unsubscribe | null = null

  return () => {
    options.reveal()
    // The service's own PIN URLs, through the safe opener (which checks them against the allowlist).
    const live = service.pin('browser')
    if (live) {
      void options.openExternal(live.url) // eng-disable OPEN_EXTERNAL_JS_CHECK
      return
    }
    if (!service.start('browser').ok) return
    waiting?.()
    waiting = service.subscribe(({ state }) => {
      if (state.kind === 'starting') return
      waiting?.()
      waiting = null
      const pin = state.kind === 'waiting' ? state.pins.find((p) => p.mode === 'browser') : undefined
      if (pin) void options.openExternal(pin.url) // eng-disable OPEN_EXTERNAL_JS_CHECK
    })
  }
}
