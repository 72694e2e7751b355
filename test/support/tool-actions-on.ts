import type { ClientIdentity } from '../../main/core/account/client-identity'
import type { CredentialVault } from '../../main/core/account/credential-vault'
import type { Logger } from '../../main/core/log'
import type { PlexClient } from '../../main/core/plex/plex-types'
import { createToolActions, type ToolActions } from '../../main/app/tool-actions'

/** The plex.tv side of main: the desktop's client, the same client as another identity, and this install. */
export interface PlexSide {
  readonly plex: PlexClient
  readonly clientFor: (identity: ClientIdentity) => PlexClient
  readonly identity: ClientIdentity
}

/** The window's tool actions as the app builds them: the active account read from the vault. */
export function toolActionsOn(side: PlexSide, vault: CredentialVault, log: Logger, now: () => number = Date.now): ToolActions {
  return createToolActions({ vault, plex: side.plex, clientFor: side.clientFor, install: side.identity, now, log })
}
