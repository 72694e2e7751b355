import { activeToken } from '../../main/core/account/active-token'
import type { CredentialVault } from '../../main/core/account/credential-vault'
import { systemClock } from '../../main/core/clock'
import type { PlexClient } from '../../main/core/plex/plex-types'
import { createServerDirectory, type ServerDirectory } from '../../main/core/servers/server-directory'

/** The server directory as the app builds it: the account token from the vault, Node's fetch. */
export function serverDirectoryOn(plex: PlexClient, vault: CredentialVault): ServerDirectory {
  return createServerDirectory({
    plex,
    accountToken: async () => {
      const token = await activeToken(vault)
      return token.ok ? token.value : null
    },
    fetch,
    clock: systemClock,
    allowUnencryptedServers: () => false,
  })
}
