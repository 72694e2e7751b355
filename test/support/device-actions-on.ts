import { activeToken } from '../../main/core/account/active-token'
import type { CredentialVault } from '../../main/core/account/credential-vault'
import type { Logger } from '../../main/core/log'
import type { PlexClient } from '../../main/core/plex/plex-types'
import { activeToolMarks } from '../../main/core/tools/active-tool-marks'
import { createDeviceActions, type DeviceActions } from '../../main/app/device-actions'

/** The window's device actions as the app builds them: the account token from the vault. */
export function deviceActionsOn(plex: PlexClient, vault: CredentialVault, clientId: string, log: Pick<Logger, 'warn'>, now: () => number = Date.now): DeviceActions {
  return createDeviceActions({ plex, accountToken: () => activeToken(vault), toolMarks: () => activeToolMarks(vault), clientId, now, log })
}
