import type { Result } from '../../preload/api'
import { matchAccount } from '../core/account/account-match'
import type { CredentialVault } from '../core/account/credential-vault'
import { type KeptAccount, listKeptAccounts, titleOf } from '../core/account/kept-accounts'
import { vaultPinnedTo } from '../core/account/pinned-vault'
import { err, fail, ok } from '../core/result'
import { safeLabel } from '../core/servers/server-text'
import { quoteOutside } from '../core/text/control-chars'

/**
 * Whom one call of a command speaks for: `--account <a>` names a signed-in account (null: the
 * active one). It holds for that call only; the active account stays as it is. Resolved here, in
 * chosenVault, and nowhere else: every command that uses a token (through accountToken and
 * openAccount, or the sign-in service) is handed the vault this chose.
 */
export interface IdentityChoice {
  readonly account: string | null
}

/** An account as an error names it: its title (cleaned of controls and cut), username and uuid. */
const named = (account: KeptAccount): string => {
  const { credential } = account
  return `"${safeLabel(titleOf(credential))}" (${quoteOutside(credential.username)}, ${credential.accountKey})`
}

/**
 * The signed-in account `query` names (see matchAccount). None: an `invalid-state` error naming
 * every account (exit 1); more than one: an `invalid-argument` error naming those (exit 64).
 */
export async function findAccount(vault: CredentialVault, query: string): Promise<Result<KeptAccount>> {
  const accounts = await listKeptAccounts(vault)
  if (!accounts.ok) return accounts
  const match = matchAccount(accounts.value, query)
  const asked = `"${quoteOutside(query)}"`
  switch (match.kind) {
    case 'found':
      return ok(match.account)
    case 'ambiguous':
      return fail('invalid-argument', `${asked} names more than one account: ${match.candidates.map(named).join(', ')}. Give the uuid of the one you mean.`)
    case 'unknown':
      if (accounts.value.length === 0) return fail('invalid-state', 'No account is signed in to Plexkey. Run `plexkey login` first.')
      return fail('invalid-state', `No account signed in to Plexkey is ${asked}. The accounts: ${accounts.value.map(named).join(', ')}.`)
  }
}

/** The vault as this call sees it: the chosen account in place of the active one. */
export async function chosenVault(vault: CredentialVault, choice: IdentityChoice): Promise<Result<CredentialVault>> {
  if (choice.account === null) return ok(vault)
  const found = await findAccount(vault, choice.account)
  if (!found.ok) return err(found.error)
  // Pinned even when it is the active one: another process switching meanwhile does not move this call.
  return ok(vaultPinnedTo(vault, found.value.credential.accountKey))
}
