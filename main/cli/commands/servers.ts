import type { CredentialVault } from '../../core/account/credential-vault'
import { probeServers } from '../../core/servers/probe-servers'
import type { ServerView } from '../../core/servers/server-state'
import { unavailableSentence, unencryptedWarning } from '../../core/servers/server-text'
import type { Command } from '../args'
import type { CliEnvironment } from '../cli-core'
import { EXIT, type ExitCode } from '../exit-codes'
import { type CliIo, printError, printJson, printLine } from '../output'
import { serverTable } from '../server-table'
import { ALLOW_INSECURE_HINT, loadServers, probeOptions } from '../server-lookup'
import { outputColumns } from '../terminal-fit'

/** One server as `--json` prints it: never a token. */
function serverJson(view: ServerView): Readonly<Record<string, unknown>> {
  const base = { name: view.name, clientIdentifier: view.clientIdentifier, owned: view.owned, state: view.state.kind }
  if (view.state.kind === 'online') {
    const { address, rttMs } = view.state
    return { ...base, url: address.uri, connection: address.kind, encrypted: address.encrypted, rttMs }
  }
  return { ...base, tried: view.state.tried }
}

/**
 * `plexkey servers [--json] [--wide]`: every Media Server of the account, each probed for its best
 * address at once (see chooseConnection). `--json` is one array, as every other `--json` is one
 * value. Exit 0 whenever the list could be read, whatever each server's state.
 */
export async function runServers(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  command: Extract<Command, { kind: 'servers' }>,
): Promise<ExitCode> {
  const servers = await loadServers(io, environment, vault, command.profile)
  if (!servers.ok) return servers.exit
  const views = await probeServers(servers.servers, probeOptions(environment, command.allowInsecure))
  if (command.json) printJson(io, views.map(serverJson))
  else if (views.length === 0) printLine(io, 'The account has no Plex Media Servers.')
  else for (const line of serverTable(views, command.wide ? null : outputColumns(io.stdout, environment.env))) printLine(io, line)
  printUnencrypted(io, views, command.json)
  return EXIT.ok
}

/**
 * On stderr, beside the list: each server used over plain http, and (for --json, whose array has no
 * room for a sentence; the table says it under itself) each that answers only so.
 */
function printUnencrypted(io: CliIo, views: readonly ServerView[], json: boolean): void {
  for (const view of views) {
    const { state } = view
    if (state.kind === 'online' && !state.address.encrypted) printError(io, unencryptedWarning(view.name, state.address.uri))
    if (json && state.kind === 'unencrypted-only') printError(io, unavailableSentence(view.name, state, view.owned, ALLOW_INSECURE_HINT))
  }
}
