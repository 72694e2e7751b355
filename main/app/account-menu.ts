import type { MenuItemConstructorOptions } from 'electron'
import type { AccountListing, IdentitiesView, ProfileListing, ProfilesView } from '../../preload/api'
import { untrustedMenuText } from './menu-text'

/** What the "Account" submenu's items do; a protected profile's PIN is typed in the window, never here. */
export interface AccountMenuActions {
  switchAccount(uuid: string): void
  switchProfile(uuid: string): void
  /** Shows the window's PIN pad for this protected profile. */
  openPinPad(uuid: string): void
}

/** The title the account goes by, with its username when that reads otherwise: two accounts may share a title. */
function accountLabel(account: AccountListing): string {
  const title = account.title === '' ? account.username : account.title
  const name = title.toLowerCase() === account.username.toLowerCase() ? title : `${title} (${account.username})`
  return `${untrustedMenuText(name)}${account.needsAttention ? ' — sign in again' : ''}`
}

function profileLabel(profile: ProfileListing): string {
  return `${untrustedMenuText(profile.title)}${profile.protected ? ' (PIN)' : ''}`
}

function profileItems(profiles: ProfilesView, actions: AccountMenuActions): MenuItemConstructorOptions[] {
  switch (profiles.kind) {
    case 'no-home':
      return []
    case 'loading':
      return [{ id: 'profiles-loading', label: 'Looking for Home profiles…', enabled: false }]
    case 'error':
      return [{ id: 'profiles-error', label: 'Home profiles could not be read', enabled: false }]
    case 'listed':
      return profiles.profiles.map((profile) => ({
        id: `profile-${profile.uuid}`,
        label: profileLabel(profile),
        type: 'radio',
        checked: profile.active,
        // Picking the profile in use changes nothing; a PIN is asked for in the window only.
        click: () => {
          if (profile.active) return
          if (profile.protected) actions.openPinPad(profile.uuid)
          else actions.switchProfile(profile.uuid)
        },
      }))
  }
}

/**
 * The tray's "Account" submenu: the accounts as one radio group, then the active account's Home
 * profiles as another (Electron groups radio items between separators: lib/browser/api/menu.ts,
 * generateGroupId). Null when there is nothing to choose: one account and no Plex Home.
 */
export function accountMenu(view: IdentitiesView, actions: AccountMenuActions): MenuItemConstructorOptions[] | null {
  const home = view.profiles.kind === 'listed'
  if (view.accounts.length === 0 || (view.accounts.length === 1 && !home)) return null
  const accounts: MenuItemConstructorOptions[] = view.accounts.map((account) => ({
    id: `account-${account.uuid}`,
    label: accountLabel(account),
    type: 'radio',
    checked: account.active,
    click: () => {
      if (!account.active) actions.switchAccount(account.uuid)
    },
  }))
  const profiles = profileItems(view.profiles, actions)
  return profiles.length === 0 ? accounts : [...accounts, { type: 'separator' }, ...profiles]
}
