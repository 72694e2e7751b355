import type { CredentialVault } from '../../core/account/credential-vault'
import { EXIT, type ExitCode, exitFor } from '../exit-codes'
import { type CliIo, printError } from '../output'

/**
 * `plexkey token`: the token and a newline on stdout, nothing else, for scripts. It reads the
 * keychain only: no plex.tv request, no config file. `plexkey status` is the way to check the token.
 */
export async function runToken(io: CliIo, vault: CredentialVault): Promise<ExitCode> {
  const loaded = await vault.loadActive()
  if (!loaded.ok) {
    printError(io, loaded.error)
    return exitFor(loaded.error.code)
  }
  if (!loaded.value) {
    printError(io, 'Not signed in to Plex. Run `plexkey login` first.')
    return EXIT.failure
  }
  io.stdout.write(`${loaded.value.token}\n`)
  return EXIT.ok
}
