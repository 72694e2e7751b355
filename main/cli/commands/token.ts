import type { CredentialVault } from '../../core/account/credential-vault'
import type { PlexResource } from '../../core/plex/plex-types'
import { needsAcceptanceCheck } from '../../core/servers/server-accepts-token'
import type { Command } from '../args'
import type { CliEnvironment } from '../cli-core'
import { EXIT, type ExitCode } from '../exit-codes'
import type { CliIo } from '../output'
import { profileTokenOnly } from '../profile-access'
import type { ServerToken } from '../server-token-check'

/**
 * `plexkey token [--server <server>] [--user <u>]`: a token and a newline on stdout, nothing else,
 * for scripts. Without --server the token of the active profile, or of --user's (see
 * profileTokenOnly: the keychain only, unless a Plex JWT is due for renewal, a profile is named or
 * a profile's token must be minted); with it, that server's access token for that profile, from
 * plex.tv's list of resources, or, where that is a Plex JWT the server refuses, the token of
 * Plexkey's own device.
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
  const checked = await checkedToken(io, environment, vault, found.server, found.token)
  if (!checked.ok) return checked.exit
  io.stdout.write(`${checked.token}\n`)
  return EXIT.ok
}

/**
 * A server token that is a Plex JWT is checked at the server's proven address first (see
 * checkedServerToken); any other is handed out as listed, without a word to the server. The
 * address is found as `url` finds it, except that a server out of reach is no failure here: the
 * token was always handed out without reaching the server, and still is, with a note.
 */
async function checkedToken(io: CliIo, environment: CliEnvironment, vault: CredentialVault, server: PlexResource, token: string): Promise<ServerToken> {
  if (!needsAcceptanceCheck(token)) return { ok: true, token }
  const [{ probeServer }, { probeOptions }, { checkedServerToken }] = await Promise.all([
    import('../../core/servers/probe-servers'),
    import('../server-lookup'),
    import('../server-token-check'),
  ])
  const state = await probeServer(server, probeOptions(environment, false))
  return checkedServerToken(io, environment, vault, server, token, state.kind === 'online' ? state.address.uri : null)
}
