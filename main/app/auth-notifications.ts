import type { SignInState } from '../../preload/api'
import { safeLabel } from '../core/servers/server-text'
import { needsReauthentication } from './tray-menu'

/** A notification the OS should show, as data (the Electron part lives in the composition root). */
export interface AuthNotice {
  readonly kind: 'token-rejected' | 'account-active'
  readonly title: string
  readonly body: string
}

const rejectedNotice: AuthNotice = {
  kind: 'token-rejected',
  title: 'Plex sign-in needs renewing',
  body: 'plex.tv no longer accepts this sign-in. Click to sign in again.',
}

/**
 * The active account signed out while another was kept: that one is active now, and the user, who
 * may have signed out from the tray without looking at the window, is told which.
 */
export function accountActiveNotice(account: { readonly username: string; readonly title: string }): AuthNotice {
  return {
    kind: 'account-active',
    title: 'Signed out of Plex',
    // Untrusted text from plex.tv: one bounded line, no control or bidi characters.
    body: `${safeLabel(account.title || account.username)} is the active account now.`,
  }
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
