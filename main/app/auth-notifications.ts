import type { SignInState } from '../../preload/api'
import { needsReauthentication } from './tray-menu'

/** A notification the OS should show, as data (the Electron part lives in the composition root). */
export interface AuthNotice {
  readonly kind: 'token-rejected'
  readonly title: string
  readonly body: string
}

const rejectedNotice: AuthNotice = {
  kind: 'token-rejected',
  title: 'Plex sign-in needs renewing',
  body: 'plex.tv no longer accepts this sign-in. Click to sign in again.',
}

/**
 * Whether a change of state deserves an OS notification. Only a rejected token does, once per
 * transition into it: the user must act, and may not be looking at the app. "Can't reach plex.tv"
 * gets no notification: nothing is lost, it clears by itself when the network returns, and after
 * every sleep it would be noise. The tray icon and tooltip show it instead.
 */
export function noticeFor(previous: SignInState | null, next: SignInState): AuthNotice | null {
  if (!needsReauthentication(next)) return null
  if (previous && needsReauthentication(previous)) return null
  return rejectedNotice
}

export interface AuthNotifierOptions {
  /** Shows the notice; `onClick` runs when the user clicks it. */
  readonly show: (notice: AuthNotice, onClick: () => void) => void
  /** Starts re-authentication and shows the window. */
  readonly reauthenticate: () => void
}

export interface AuthNotifier {
  onState(state: SignInState): void
}

/** Feeds each published state through `noticeFor` and shows what it returns. */
export function createAuthNotifier(options: AuthNotifierOptions): AuthNotifier {
  let previous: SignInState | null = null
  return {
    onState(state) {
      const notice = noticeFor(previous, state)
      previous = state
      if (notice) options.show(notice, options.reauthenticate)
    },
  }
}
