import { activateAccount } from '../../core/account/account-changes'
import type { CredentialVault } from '../../core/account/credential-vault'
import { listKeptAccounts, titleOf, type KeptAccount } from '../../core/account/kept-accounts'
import { safeLabel } from '../../core/servers/server-text'
import { accountsTable } from '../accounts-table'
import type { CliEnvironment } from '../cli-core'
import { EXIT, type ExitCode } from '../exit-codes'
import { findAccount } from '../identity-choice'
import { type CliIo, printError, printFailure, printJson, printLine } from '../output'
import { outputColumns } from '../terminal-fit'

/** An account as a sentence names it: its title, and its username when that differs. */
export function accountName(account: KeptAccount): string {
  const { credential } = account
  const title = safeLabel(titleOf(credential))
  return title === credential.username ? title : `${title} (${safeLabel(credential.username)})`
}

/**
 * `plexkey accounts [--json]`: every account signed in to Plexkey, most recently used first, the
 * active one marked. None: exit 1 (`[]` with --json). Reads the keychain only.
 */
export async function runAccounts(io: CliIo, environment: CliEnvironment, vault: CredentialVault, options: { readonly json: boolean }): Promise<ExitCode> {
  const listed = await listKeptAccounts(vault)
  if (!listed.ok) return printFailure(io, listed.error)
  const accounts = listed.value
  if (options.json) {
    printJson(
      io,
      accounts.map(({ credential, active }) => ({ uuid: credential.accountKey, username: credential.username, title: titleOf(credential), active })),
    )
  } else if (accounts.length === 0) {
    printError(io, 'No account is signed in to Plexkey. Run `plexkey login` to sign in.')
  } else {
    for (const line of accountsTable(accounts, outputColumns(io.stdout, environment.env))) printLine(io, line)
  }
  return accounts.length === 0 ? EXIT.failure : EXIT.ok
}

/** `plexkey switch <account>`: makes another signed-in account the active one (see findAccount). */
export async function runSwitch(io: CliIo, vault: CredentialVault, options: { readonly account: string }): Promise<ExitCode> {
  const found = await findAccount(vault, options.account)
  if (!found.ok) return printFailure(io, found.error)
  if (found.value.active) {
    printLine(io, `${accountName(found.value)} is already the active account.`)
    return EXIT.ok
  }
  const switched = await activateAccount(vault, found.value.credential.accountKey)
  if (!switched.ok) return printFailure(io, switched.error)
  printLine(io, `Switched to ${accountName(switched.value)}.`)
  return EXIT.ok
}
