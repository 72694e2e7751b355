import type { CredentialVault } from '../../core/account/credential-vault'
import type { Command } from '../args'
import type { CliEnvironment } from '../cli-core'
import { EXIT, type ExitCode } from '../exit-codes'
import type { CliIo } from '../output'
import { profileTokenOnly } from '../profile-access'

/**
 * `plexkey token [--server <server>] [--user <u>]`: a token and a newline on stdout, nothing else,
 * for scripts. Without --server the token of the active profile, or of --user's (see
 * profileTokenOnly: the keychain only, unless a Plex JWT is due for renewal, a profile is named or
 * a profile's token must be minted); with it, that server's access token for that profile, from
 * plex.tv's list of resources.
 */
export async function runToken(io: CliIo, environment: CliEnvironment, vault: CredentialVault, command: Extract<Command, { kind: 'token' }>): Promise<ExitCode> {
  if (command.server === null) {
    const token = await profileTokenOnly(io, environment, vault, command.profile)
    if (!token.ok) return token.exit
    io.stdout.write(`${token.token}\n`)
    return EXIT.ok
  }
  const { findServer, loadServers } = await import('../server-lookup')
  const servers = await loadServers(io, environment, vault, command.profile)
  if (!servers.ok) return servers.exit
  const found = findServer(io, servers.servers, command.server)
  if (!found.ok) return found.exit
  io.stdout.write(`${found.token}\n`)
  return EXIT.ok
}
