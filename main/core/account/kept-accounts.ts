import type { Result } from '../../../preload/api'
import { err, ok } from '../result'
import { ACCOUNTS_ENTRY, parseAccountIndex } from './account-index'
import type { CredentialVault, StoredCredential } from './credential-vault'

/** One account the keychain holds, and whether it is the active one. */
export interface KeptAccount {
  readonly credential: StoredCredential
  readonly active: boolean
}

/** The name plex.tv shows for the account; the username for an entry saved before titles were kept. */
export const titleOf = (credential: StoredCredential): string => credential.title ?? credential.username

export async function readAccountIndex(vault: CredentialVault): Promise<Result<readonly string[] | null>> {
  const raw = await vault.getEntry(ACCOUNTS_ENTRY)
  return raw.ok ? parseAccountIndex(raw.value) : raw
}

/**
 * Every account the keychain holds, most recently used first. The index may lag behind a step cut
 * short, so it is read with the rules that make every such step safe: the account `active` names
 * counts even when the index lacks it (an install from before there were several accounts has no
 * index at all) and always comes first, and a listed account whose entry is gone (a sign-out cut short, a token plex.tv
 * refused) is left out.
 */
export async function listKeptAccounts(vault: CredentialVault): Promise<Result<readonly KeptAccount[]>> {
  const active = await vault.loadActive()
  if (!active.ok) return active
  const index = await readAccountIndex(vault)
  if (!index.ok) return index
  const activeKey = active.value?.accountKey ?? null
  // The active account is the one used last, wherever a step cut short left it in the index.
  const keys = new Set([...(activeKey === null ? [] : [activeKey]), ...(index.value ?? [])])
  const kept: KeptAccount[] = []
  for (const key of keys) {
    const loaded = key === activeKey ? active : await vault.load(key)
    if (!loaded.ok) return err(loaded.error)
    if (loaded.value) kept.push({ credential: loaded.value, active: key === activeKey })
  }
  return ok(kept)
}
