import { signOutAccount } from '../../core/account/account-changes'
import { type CredentialVault, isMalformedEntry } from '../../core/account/credential-vault'
import { forgetToken } from '../../core/signin/sign-out'
import { type CliEnvironment, openCliCore } from '../cli-core'
import { cliLogger } from '../cli-logger'
import { EXIT, type ExitCode } from '../exit-codes'
import { findAccount } from '../identity-choice'
import { type CliIo, printError, printFailure, printLine } from '../output'
import { accountName } from './accounts'

/**
 * `plexkey logout [--account <a>]`: the active account, or the one named, is signed out: plex.tv
 * is told to forget the token (best effort), then the token leaves the keychain with the account's
 * profiles and tools. When the active one goes and another is signed in, the most recently used
 * other one becomes active, and stderr says so. A malformed active entry just goes. Already signed
 * out is success too, so scripts can call it unconditionally; so is a sign-out plex.tv could not
 * be told of, which says what is left to do at plex.tv.
 */
export async function runLogout(io: CliIo, environment: CliEnvironment, vault: CredentialVault, options: { readonly account: string | null }): Promise<ExitCode> {
  let accountKey: string
  if (options.account === null) {
    const stored = await vault.loadActive()
    // A malformed entry is what logout is for: it cleans it up (there is no token to tell plex.tv of).
    if (!stored.ok && isMalformedEntry(stored.error)) return discardMalformed(io, vault)
    if (!stored.ok) return printFailure(io, stored.error)
    if (!stored.value) {
      printLine(io, 'Not signed in to Plex; nothing to do.')
      return EXIT.ok
    }
    accountKey = stored.value.accountKey
  } else {
    const found = await findAccount(vault, options.account)
    if (!found.ok) return printFailure(io, found.error)
    accountKey = found.value.credential.accountKey
  }
  const core = await openCliCore(environment, vault)
  if (!core.ok) return printFailure(io, core.error)
  const { plex, service } = core.value
  // Only its plex.tv client is needed: the sign-out below works on the keychain directly.
  service.dispose()
  const log = cliLogger(environment, 'signin')
  const out = await signOutAccount(vault, accountKey, (token) => forgetToken(plex, token, log))
  if (!out.ok) return printFailure(io, out.error)
  const { signedOut, told, nowActive } = out.value
  const { username } = signedOut.credential
  printLine(
    io,
    told
      ? `Signed out of Plex as ${username}. The token was removed from the keychain.`
      : `Removed the token of ${username} from the keychain. plex.tv could not be told, so the token stays valid there until you remove Plexkey under Authorized Devices (https://plex.tv/devices).`,
  )
  if (nowActive) printError(io, `${accountName(nowActive)} is the active account now.`)
  return EXIT.ok
}

/** The active marker or the entry it names is not in Plexkey's form: both go, with nothing to tell plex.tv. */
async function discardMalformed(io: CliIo, vault: CredentialVault): Promise<ExitCode> {
  const discarded = await vault.discardActive()
  if (!discarded.ok) return printFailure(io, discarded.error)
  printLine(io, 'Removed the malformed sign-in from the keychain. Run `plexkey login` to sign in.')
  return EXIT.ok
}
