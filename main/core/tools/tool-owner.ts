import type { Result } from '../../../preload/api'
import type { CredentialVault } from '../account/credential-vault'
import { readProfiles } from '../home/profile-entry'
import { ok } from '../result'

/** Whose tools are in use: the Home profile (null: the account's owner), and the token that speaks for it at plex.tv. */
export interface ToolOwner {
  readonly profile: string | null
  readonly token: string
}

/**
 * The owner of the tools in use for the signed-in account. A tool's device belongs to the Home
 * profile that is active when it is minted (`plexkey user`), linked with that profile's kept
 * token; with the account's owner active, the account's own token.
 */
export async function activeToolOwner(vault: CredentialVault, accountUuid: string, accountToken: string): Promise<Result<ToolOwner>> {
  const profiles = await readProfiles(vault, accountUuid)
  if (!profiles.ok) return profiles
  const { active, tokens } = profiles.value
  const profileToken = active === null ? undefined : tokens[active]
  return ok(active === null || profileToken === undefined ? { profile: null, token: accountToken } : { profile: active, token: profileToken })
}
