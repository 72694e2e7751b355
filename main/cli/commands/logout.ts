import { type CredentialVault, isMalformedEntry } from '../../core/account/credential-vault'
import { type CliEnvironment, openCliCore } from '../cli-core'
import { EXIT, type ExitCode } from '../exit-codes'
import { type CliIo, printFailure, printLine } from '../output'

/**
 * `plexkey logout`: plex.tv is told to forget the token (best effort), then the keychain entry
 * goes; a malformed entry just goes. Already signed out is success too, so scripts can call it unconditionally; so is a
 * sign-out plex.tv could not be told of, which says what is left to do at plex.tv.
 */
export async function runLogout(io: CliIo, environment: CliEnvironment, vault: CredentialVault): Promise<ExitCode> {
  const stored = await vault.loadActive()
  // A malformed entry is what logout is for: it cleans it up (there is no token to tell plex.tv of).
  if (!stored.ok && !isMalformedEntry(stored.error)) return printFailure(io, stored.error)
  const credential = stored.ok ? stored.value : null
  if (stored.ok && !credential) {
    printLine(io, 'Not signed in to Plex; nothing to do.')
    return EXIT.ok
  }
  const core = await openCliCore(environment, vault)
  if (!core.ok) return printFailure(io, core.error)
  const { service } = core.value
  let locally = false
  try {
    const result = await service.signOut()
    if (!result.ok) return printFailure(io, result.error)
    const { state } = service.getSnapshot()
    locally = state.kind === 'signed-out' && state.reason === 'signed-out-locally'
  } finally {
    service.dispose()
  }
  if (!credential) {
    printLine(io, 'Removed the malformed sign-in from the keychain. Run `plexkey login` to sign in.')
    return EXIT.ok
  }
  const { username } = credential
  printLine(
    io,
    locally
      ? `Removed the token of ${username} from the keychain. plex.tv could not be told, so the token stays valid there until you remove Plexkey under Authorized Devices (https://plex.tv/devices).`
      : `Signed out of Plex as ${username}. The token was removed from the keychain.`,
  )
  return EXIT.ok
}
