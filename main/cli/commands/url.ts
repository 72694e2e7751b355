import type { CredentialVault } from '../../core/account/credential-vault'
import { probeServer } from '../../core/servers/probe-servers'
import { unavailableSentence, unencryptedWarning } from '../../core/servers/server-text'
import type { Command, ProfileChoice } from '../args'
import type { CliEnvironment } from '../cli-core'
import { EXIT, type ExitCode } from '../exit-codes'
import { type CliIo, printError, printLine } from '../output'
import { ALLOW_INSECURE_HINT, findServer, loadServers, probeOptions } from '../server-lookup'

/**
 * The best address of a named server, or the exit status after saying why there is none. An
 * address the user allowed over plain http is named on stderr every time it is used.
 */
export async function reachServer(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  name: string,
  allowInsecure: boolean,
  profile: ProfileChoice,
): Promise<{ readonly ok: true; readonly url: string; readonly token: string } | { readonly ok: false; readonly exit: ExitCode }> {
  const servers = await loadServers(io, environment, vault, profile)
  if (!servers.ok) return servers
  const found = findServer(io, servers.servers, name)
  if (!found.ok) return found
  const state = await probeServer(found.server, probeOptions(environment, allowInsecure))
  if (state.kind !== 'online') {
    printError(io, unavailableSentence(found.server.name, state, found.server.owned, ALLOW_INSECURE_HINT))
    return { ok: false, exit: EXIT.unreachable }
  }
  if (!state.address.encrypted) printError(io, unencryptedWarning(found.server.name, state.address.uri))
  return { ok: true, url: state.address.uri, token: found.token }
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
