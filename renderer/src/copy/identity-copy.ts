import type { AccountListing, AppError, ProfileListing } from '../../../preload/api'
import { displayName } from '../format/display-name'
import { errorCopy } from './error-copy'

/** An account as the window names it: its title, else its username. */
export function accountName(account: Pick<AccountListing, 'title' | 'username'>): string {
  return displayName(account.title || account.username)
}

/** A Home profile as the window names it. */
export function profileName(profile: Pick<ProfileListing, 'title'>): string {
  return displayName(profile.title)
}

/** What the switcher and the PIN pad say. */
export const identityCopy = {
  switchLabel: 'Switch account or profile',
  addAccount: 'Add another account',
  needsSignIn: 'needs sign-in',
  protectedBadge: { shown: 'PIN', said: 'needs a PIN' },
  ownerBadge: { shown: 'Owner', said: 'owner' },
  activeBadge: { shown: 'Active', said: 'active' },
  identitiesLoading: 'Reading who is signed in…',
  homeLoading: 'Looking for your Plex Home…',
  noHome: 'This account has no Plex Home, so it has no other profiles.',
  noOtherAccounts: 'No other account is signed in on this computer.',
  pinHint: 'Type the 4 digits, or press them below. The PIN is sent once and not kept.',
  wrongPin: 'That PIN is wrong. Try again.',
  pinNeeded: 'This profile needs its PIN.',
  pinWaitLead: 'Too many wrong PINs. Try again in',
  pinAgain: 'You can enter the PIN again.',
  checkingPin: 'Checking the PIN…',
} as const

/** What the window says after a switch main confirmed. */
export function switchedText(name: string): string {
  return `Now using ${name}.`
}

/** The line on the signed-in screen when another account's saved sign-in was refused. */
export function attentionText(account: AccountListing): string {
  return `plex.tv no longer accepts the saved sign-in of ${accountName(account)}. Choose it under Switch to sign in again.`
}

/** The heading of the PIN pad. */
export function pinPadTitle(profile: ProfileListing): string {
  return `Enter the PIN for ${profileName(profile)}`
}

/** A failed switch, in the pad or the switcher: a wrong PIN in our words, anything else as usual. */
export function switchFailureText(error: AppError, pinSent: boolean): string {
  if (error.code === 'home-pin-required') return pinSent ? identityCopy.wrongPin : identityCopy.pinNeeded
  return errorCopy(error).sentence
}

/** The confirmation before signing out an account other than the active one. */
export function signOutAccountTitle(account: AccountListing): string {
  return `Sign out of ${accountName(account)}?`
}

export function signOutAccountBody(account: AccountListing): string {
  return `Plexkey will sign this computer out of ${accountName(account)} and remove its token and its profiles from the keychain. The active account stays signed in.`
}
