import type { AppError, ProfileListing, ProfilesView } from '../../../preload/api'
import { activeProfileUuid } from '../account/active-profile'
import type { CredentialVault } from '../account/credential-vault'
import { readProfiles } from '../home/profile-entry'
import { plainError } from '../plex/plain-error'
import type { PlexClient, PlexHomeUser } from '../plex/plex-types'

/** The active account's Home as last read, before pictures are put in. */
export type HomeRead =
  | { readonly kind: 'loading' }
  | { readonly kind: 'no-home' }
  | { readonly kind: 'error'; readonly error: AppError }
  | { readonly kind: 'home'; readonly users: readonly PlexHomeUser[]; readonly active: string | null }

/** Lists the account's Home users with its token, and which profile its keychain entry makes active. */
export async function readHome(
  plex: PlexClient,
  vault: CredentialVault,
  account: { readonly uuid: string; readonly token: string },
  now: () => number,
  signal: AbortSignal,
): Promise<HomeRead> {
  const home = await plex.listHomeUsers(account.token, { signal })
  if (!home.ok) return { kind: 'error', error: plainError(home.error, now()) }
  if (home.value.kind === 'no-home') return home.value
  const profiles = await readProfiles(vault, account.uuid)
  if (!profiles.ok) return { kind: 'error', error: profiles.error }
  return { kind: 'home', users: home.value.users, active: activeProfileUuid(home.value.users, account.uuid, profiles.value.active) }
}

/** What the window and the tray see of it: never a token, pictures as main fetched them. */
export function profilesView(home: HomeRead, avatar: (thumb: string | null) => string | null): ProfilesView {
  if (home.kind !== 'home') return home
  const profiles = home.users.map(
    (user): ProfileListing => ({
      uuid: user.uuid,
      title: user.title,
      avatar: avatar(user.thumb),
      admin: user.admin,
      protected: user.protected,
      restricted: user.restricted,
      active: user.uuid === home.active,
    }),
  )
  return { kind: 'listed', profiles }
}
