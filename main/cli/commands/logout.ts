import type { CredentialVault } from '../../core/account/credential-vault'
import { type CliEnvironment, openCliCore } from '../cli-core'
import { EXIT, type ExitCode, exitFor } from '../exit-codes'
import { type CliIo, printError, printLine } from '../output'

/**
 * `plexkey logout`: plex.tv is told to forget the token (best effort), then the keychain entry
 * goes. Already signed out is success too, so scripts can call it unconditionally.
 */
export async function runLogout(io: CliIo, environment: CliEnvironment, vault: CredentialVault): Promise<ExitCode> {
  const stored = await vault.loadActive()
  if (!stored.ok) {
    printError(io, stored.error)
    return exitFor(stored.error.code)
  }
  if (!stored.value) {
    printLine(io, 'Not signed in to Plex; nothing to do.')
    return EXIT.ok
  }
  const core = await openCliCore(environment, vault)
  if (!core.ok) {
    printError(io, core.error)
    return exitFor(core.error.code)
  }
  const { service } = core.value
  try {
    const result = await service.signOut()
    if (!result.ok) {
      printError(io, result.error)
      return exitFor(result.error.code)
    }
  } finally {
    service.dispose()
  }
  printLine(io, `Signed out of Plex as ${stored.value.username}. The token was removed from the keychain.`)
  return EXIT.ok
}
