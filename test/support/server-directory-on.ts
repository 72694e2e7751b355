import type { PlexClient } from '../../main/core/plex/plex-types'
import { systemClock } from '../../main/core/clock'
import { createServerDirectory, type ServerDirectory } from '../../main/core/servers/server-directory'
import type { ProfileActions } from '../../main/app/profile-actions'

/** The server directory as the app builds it: the active identity's token (profileActionsOn), Node's fetch. */
export function serverDirectoryOn(plex: PlexClient, profiles: Pick<ProfileActions, 'identityToken' | 'renewed'>): ServerDirectory {
  return createServerDirectory({
    plex,
    identityToken: () => profiles.identityToken(),
    renewToken: (refused) => profiles.renewed(refused),
    fetch,
    clock: systemClock,
    allowUnencryptedServers: () => false,
  })
}
