import type { CredentialVault } from '../../main/core/account/credential-vault'
import type { Clock } from '../../main/core/clock'
import type { Logger } from '../../main/core/log'
import { ensureToolDevice, type ToolDevice } from '../../main/core/tools/tool-devices'
import { activeToolOwner } from '../../main/core/tools/tool-owner'
import { unwrap } from './result-parts'
import type { PlexSide } from './tool-actions-on'

/**
 * Tool `name`'s own device for the signed-in account, as `plexkey exec --as` makes it (a PIN of its
 * own, linked with the account's token) and keeps it: in `vault`, where main's handlers read it.
 */
export async function mintTool(side: PlexSide, vault: CredentialVault, name: string, options: { readonly clock?: Clock; readonly logger?: Logger } = {}): Promise<ToolDevice> {
  const active = unwrap(await vault.loadActive())
  if (active === null) throw new Error('nobody is signed in')
  const owner = unwrap(await activeToolOwner(vault, active.accountKey, active.token))
  const { plex, clientFor, identity } = side
  return unwrap(await ensureToolDevice({ vault, accountUuid: active.accountKey, plex, clientFor, install: identity, owner, ...options }, name))
}
