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

/**
 * The desktop's one sign-in and no Home: what every install holds until accounts and profiles are
 * kept. It draws no "Account" submenu, as there is nothing to switch to.
 */
export const singleSignIn: IdentitySource = {
  view: () => ({ accounts: [], profiles: { kind: 'no-home' } }),
  subscribe: () => () => undefined,
}
