import type { Result } from '../../../preload/api'
import type { CredentialVault } from './credential-vault'

/**
 * The active account's token as main holds it (the keychain, which the sign-in service keeps up
 * to date, a Plex JWT renewed in place), or null when signed out. Stays in main: callers hand it
 * to plex.tv calls only.
 */
export async function activeToken(vault: CredentialVault): Promise<Result<string | null>> {
  const active = await vault.loadActive()
  return active.ok ? { ok: true, value: active.value?.token ?? null } : active
}
