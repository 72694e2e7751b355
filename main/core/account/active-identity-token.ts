import type { Result } from '../../../preload/api'
import { readProfiles } from '../home/profile-entry'
import { ok } from '../result'
import type { CredentialVault } from './credential-vault'

/**
 * Who the active account speaks for where Plexkey acts as the user (its servers): the account
 * itself (profile null, its own token) or the active Home profile, with that profile's kept token
 * (null when none is kept yet: it is to be minted). `ownerToken` is the account's own, which
 * every profile's is minted from.
 */
export interface ActiveIdentity {
  readonly accountUuid: string
  readonly ownerToken: string
  readonly profile: string | null
  readonly token: string | null
}

/**
 * The active identity as main holds it (the keychain), or null when signed out. Unlike
 * activeToken, which stays the account's for what belongs to the account (its devices), this
 * follows the active Home profile. Stays in main: callers hand the token to plex.tv calls only.
 */
export async function activeIdentityToken(vault: CredentialVault): Promise<Result<ActiveIdentity | null>> {
  const active = await vault.loadActive()
  if (!active.ok) return active
  if (active.value === null) return ok(null)
  const { accountKey: accountUuid, token: ownerToken } = active.value
  const profiles = await readProfiles(vault, accountUuid)
  if (!profiles.ok) return profiles
  const { active: profile, tokens } = profiles.value
  if (profile === null) return ok({ accountUuid, ownerToken, profile: null, token: ownerToken })
  return ok({ accountUuid, ownerToken, profile, token: tokens[profile] ?? null })
}
