import type { Result } from '../../../preload/api'
import { err, fail, ok } from '../result'
import { ACCOUNTS_ENTRY, accountIndexText } from './account-index'
import type { CredentialVault } from './credential-vault'
import { type KeptAccount, listKeptAccounts, readAccountIndex } from './kept-accounts'

/** The entries that belong to an account beside its token, named by its uuid; they go with it. */
const accountEntries = (accountKey: string): readonly string[] => [`profiles:${accountKey}`, `tools:${accountKey}`]

/**
 * Puts an account that has just been made active first in the index. Run right after the save, in
 * the same turn: `previousKey` is the account active before it, which an install from before there
 * were several accounts lists nowhere else. Nothing is lost when this step does not happen: the
 * active account is listed first whatever the index says.
 */
export async function rememberAccount(vault: CredentialVault, accountKey: string, previousKey: string | null): Promise<Result<void>> {
  const index = await readAccountIndex(vault)
  if (!index.ok) return index
  return vault.setEntry(ACCOUNTS_ENTRY, accountIndexText([accountKey, ...(previousKey === null ? [] : [previousKey]), ...(index.value ?? [])]))
}

/** Writes the index of the accounts left; none left, no index. */
function writeIndex(vault: CredentialVault, keys: readonly string[]): Promise<Result<void>> {
  return keys.length === 0 ? vault.deleteEntry(ACCOUNTS_ENTRY) : vault.setEntry(ACCOUNTS_ENTRY, accountIndexText(keys))
}

/** Makes a kept account the active one, and the most recently used. */
export function activateAccount(vault: CredentialVault, accountKey: string): Promise<Result<KeptAccount>> {
  return held(vault, async () => {
    const accounts = await listKeptAccounts(vault)
    if (!accounts.ok) return accounts
    const target = accounts.value.find((a) => a.credential.accountKey === accountKey)
    if (!target) return fail('invalid-state', 'That account is no longer signed in to Plexkey.')
    // Its entry is written again as it is read, then named in `active`: a failure keeps the previous one active.
    if (!target.active) {
      const saved = await vault.saveActive(target.credential)
      if (!saved.ok) return saved
    }
    const others = accounts.value.filter((a) => a !== target).map((a) => a.credential.accountKey)
    const indexed = await writeIndex(vault, [accountKey, ...others])
    return indexed.ok ? ok({ ...target, active: true }) : indexed
  })
}

/** What signing one account out did. */
export interface AccountSignOut {
  readonly signedOut: KeptAccount
  /** plex.tv was told to forget the token (else it stays valid there until removed under Authorized Devices). */
  readonly told: boolean
  /** The account that became active in its place (it was the active one and another was kept). */
  readonly nowActive: KeptAccount | null
}

/**
 * Signs one account out: plex.tv is told to forget its token (`forget`: true once the token is
 * dead there), then it leaves the keychain with its profiles and tools. When it was the active
 * account, the most recently used other one becomes active, before anything is removed, so that
 * `active` never names an entry that is gone. Each step leaves the keychain usable when the next
 * does not happen: the account stays listed until its token entry goes, and the index is written last.
 */
export function signOutAccount(
  vault: CredentialVault,
  accountKey: string,
  forget: (token: string) => Promise<boolean>,
): Promise<Result<AccountSignOut>> {
  return held(vault, async () => {
    const accounts = await listKeptAccounts(vault)
    if (!accounts.ok) return accounts
    const target = accounts.value.find((a) => a.credential.accountKey === accountKey)
    if (!target) return fail('invalid-state', 'That account is no longer signed in to Plexkey.')
    const others = accounts.value.filter((a) => a !== target)
    const told = await forget(target.credential.token)
    const next = target.active ? (others[0] ?? null) : null
    if (next) {
      const moved = await vault.saveActive(next.credential)
      if (!moved.ok) return moved
    }
    const removed = await removeAccount(vault, accountKey, others.map((a) => a.credential.accountKey))
    if (!removed.ok) return removed
    return ok({ signedOut: target, told, nowActive: next ? { ...next, active: true } : null })
  })
}

/**
 * An account whose token plex.tv refused leaves the keychain as a sign-out would, with nothing to
 * tell plex.tv and no other account made active: re-authenticating follows the account that was
 * active. A damaged list does not keep the dead token: the list then lags, which it may.
 */
export function dropAccount(vault: CredentialVault, accountKey: string): Promise<Result<void>> {
  return held(vault, async () => {
    const index = await readAccountIndex(vault)
    const rest = index.ok && index.value ? index.value.filter((key) => key !== accountKey) : null
    return removeAccount(vault, accountKey, rest)
  })
}

/**
 * The account's own entries, then its token, then its place in the list (`rest`: the list without
 * it; null leaves the list as it is): until the token goes the account stays listed, and an entry
 * the list names that is gone is left out when read.
 */
async function removeAccount(vault: CredentialVault, accountKey: string, rest: readonly string[] | null): Promise<Result<void>> {
  for (const entry of accountEntries(accountKey)) {
    const removed = await vault.deleteEntry(entry)
    if (!removed.ok) return removed
  }
  const removed = await vault.remove(accountKey)
  if (!removed.ok || rest === null) return removed
  return writeIndex(vault, rest)
}

/** Runs `op` in the vault's cross-process turn, its own failures and the lock's alike as a Result. */
async function held<T>(vault: CredentialVault, op: () => Promise<Result<T>>): Promise<Result<T>> {
  const result = await vault.exclusively(op)
  return result.ok ? result.value : err(result.error)
}
