import type { IdentitiesView, Unsubscribe } from '../../../preload/api'

/**
 * Who Plexkey speaks for, as main knows it: the accounts, and the active account's Home profiles.
 * The tray draws its "Account" submenu from it and redraws on every change. Never a token.
 */
export interface IdentitySource {
  view(): IdentitiesView
  /** Called with every new view; returns its own unsubscribe. */
  subscribe(listener: (view: IdentitiesView) => void): Unsubscribe
}

