import type { CredentialVault } from '../../core/account/credential-vault'
import { accountToken } from '../account-token'
import type { CliEnvironment } from '../cli-core'
import { EXIT, type ExitCode } from '../exit-codes'
import type { CliIo } from '../output'

/**
 * `plexkey token [--server <server>]`: a token and a newline on stdout, nothing else, for scripts.
 * Without --server the account token (see accountToken: the keychain only, unless a Plex JWT is
 * due for renewal); with it, that server's access token, from plex.tv's list of resources.
 */
export async function runToken(io: CliIo, environment: CliEnvironment, vault: CredentialVault, server: string | null): Promise<ExitCode> {
  if (server === null) {
    const token = await accountToken(io, environment, vault)
    if (!token.ok) return token.exit
    io.stdout.write(`${token.token}\n`)
    return EXIT.ok
  }
  const { findServer, loadServers } = await import('../server-lookup')
  const servers = await loadServers(io, environment, vault)
  if (!servers.ok) return servers.exit
  const found = findServer(io, servers.servers, server)
  if (!found.ok) return found.exit
  io.stdout.write(`${found.token}\n`)
  return EXIT.ok
}
