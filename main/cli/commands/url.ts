import type { CredentialVault } from '../../core/account/credential-vault'
import type { PlexResource } from '../../core/plex/plex-types'
import { probeServer } from '../../core/servers/probe-servers'
import { unavailableSentence, unencryptedWarning } from '../../core/servers/server-text'
import type { Command, ProfileChoice } from '../args'
import type { CliEnvironment } from '../cli-core'
import { EXIT, type ExitCode } from '../exit-codes'
import { type CliIo, printError, printLine } from '../output'
import { ALLOW_INSECURE_HINT, findServer, loadServers, probeOptions, type ServerList } from '../server-lookup'

/** A server whose address is proven (its /identity named it), with the token plex.tv listed for it. */
export interface Reached {
  readonly ok: true
  readonly url: string
  readonly token: string
  readonly server: PlexResource
}

/**
 * The best address of a named server, or the exit status after saying why there is none. An
 * address the user allowed over plain http is named on stderr every time it is used. The servers
 * are the account's, unless `servers` lists them as someone else sees them (a tool's own device).
 */
export async function reachServer(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  name: string,
  allowInsecure: boolean,
  profile: ProfileChoice,
  servers: () => Promise<ServerList> = () => loadServers(io, environment, vault, profile),
): Promise<Reached | { readonly ok: false; readonly exit: ExitCode }> {
  const listed = await servers()
  if (!listed.ok) return listed
  const found = findServer(io, listed.servers, name)
  if (!found.ok) return found
  const state = await probeServer(found.server, probeOptions(environment, allowInsecure))
  if (state.kind !== 'online') {
    printError(io, unavailableSentence(found.server.name, state, found.server.owned, ALLOW_INSECURE_HINT))
    return { ok: false, exit: EXIT.unreachable }
  }
  if (!state.address.encrypted) printError(io, unencryptedWarning(found.server.name, state.address.uri))
  return { ok: true, url: state.address.uri, token: found.token, server: found.server }
}

/** `plexkey url <server>`: the server's best base URL and a newline (exit 0), for scripts. */
export async function runUrl(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  command: Extract<Command, { kind: 'url' }>,
): Promise<ExitCode> {
  const reached = await reachServer(io, environment, vault, command.server, command.allowInsecure, command.profile)
  if (!reached.ok) return reached.exit
  printLine(io, reached.url)
  return EXIT.ok
}
