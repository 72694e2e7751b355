import type { CredentialVault } from '../../main/core/account/credential-vault'
import { createPinAttempts } from '../../main/core/home/pin-attempts'
import type { PlexClient } from '../../main/core/plex/plex-types'
import { createProfileActions, type ProfileActions } from '../../main/app/profile-actions'

/** What the app is told as profiles change: each call to these, recorded. */
export interface ProfileSignals {
  identitiesRefreshed: number
  serversRefreshed: number
  readonly pinWanted: string[]
}

/** The window's profile actions as the app builds them: the active account from the vault, misses counted in `configDir`. */
export function profileActionsOn(
  plex: PlexClient,
  vault: CredentialVault,
  configDir: string,
  now: () => number = Date.now,
  signals: ProfileSignals = { identitiesRefreshed: 0, serversRefreshed: 0, pinWanted: [] },
): ProfileActions {
  return createProfileActions({
    vault,
    plex,
    attempts: createPinAttempts(configDir),
    now,
    refreshIdentities: () => {
      signals.identitiesRefreshed += 1
    },
    refreshServers: () => {
      signals.serversRefreshed += 1
    },
    pinWanted: (uuid) => signals.pinWanted.push(uuid),
  })
}
