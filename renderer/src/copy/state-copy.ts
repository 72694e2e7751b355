import type { SignInState, SignedOutReason } from '../../../preload/api'
import { assertNever } from '../assert-never'
import { displayName } from '../format/display-name'
import { errorCopy } from './error-copy'

/** Why the user is looking at the sign-in screen again, when there is something worth saying. */
export function signedOutNotice(reason: SignedOutReason | undefined): string | null {
  switch (reason) {
    case undefined:
      return null
    case 'signed-out':
      return 'You signed out. Your Plex token was removed from the keychain.'
    case 'signed-out-locally':
      return 'Your Plex token left the keychain, but plex.tv could not be told: it stays valid there until you remove Plexkey under Authorized Devices (plex.tv/devices).'
    case 'token-rejected':
      return 'Plex no longer accepts this sign-in: it was revoked, or your password changed. Sign in again to continue.'
    case 'expired':
      return 'The code ran out before it was used.'
    case 'cancelled':
      return 'Sign-in cancelled.'
    default:
      return assertNever(reason)
  }
}

/** What the status live region says when the state changes: short, one line, no countdowns. */
export function stateAnnouncement(state: SignInState): string {
  switch (state.kind) {
    case 'restoring':
      return 'Checking your saved sign-in.'
    case 'signed-out':
      return state.reason === 'token-rejected' ? 'Plex no longer accepts this sign-in. Signed out.' : 'Signed out.'
    case 'starting':
      return 'Asking plex.tv for a sign-in code.'
    case 'waiting':
      return 'Waiting for you to approve the sign-in.'
    case 'signed-in': {
      // A check's start and end are said too: the health line is not a live region of its own.
      const who = `Signed in to Plex as ${displayName(state.account.title || state.account.username)}.`
      return state.health === 'ok' ? who : `${who} ${healthText(state.health)}`
    }
    case 'error':
      return errorCopy(state.error).title
    default:
      return assertNever(state)
  }
}

/** The health line on the signed-in screen. */
export function healthText(health: 'ok' | 'unreachable' | 'checking'): string {
  switch (health) {
    case 'ok':
      return 'plex.tv accepts your sign-in.'
    case 'unreachable':
      return "Can't reach plex.tv right now. You're still signed in."
    case 'checking':
      return 'Checking with plex.tv…'
    default:
      return assertNever(health)
  }
}
