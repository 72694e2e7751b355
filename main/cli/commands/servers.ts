import type { CredentialVault } from '../../core/account/credential-vault'
import { probeServers } from '../../core/servers/probe-servers'
import type { ServerView } from '../../core/servers/server-state'
import type { CliEnvironment } from '../cli-core'
import { EXIT, type ExitCode } from '../exit-codes'
import { outputColumns } from '../terminal-fit'
import { type CliIo, printJson, printLine } from '../output'
import { serverTable } from '../server-table'
import { loadServers, probeOptions } from '../server-lookup'

/** One server as `--json` prints it: never a token. */
function serverJson(view: ServerView): Readonly<Record<string, unknown>> {
  const base = { name: view.name, clientIdentifier: view.clientIdentifier, owned: view.owned, state: view.state.kind }
  if (view.state.kind === 'online') {
    return { ...base, url: view.state.address.uri, connection: view.state.address.kind, rttMs: view.state.rttMs }
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
  options: { readonly json: boolean; readonly wide: boolean },
): Promise<ExitCode> {
  const servers = await loadServers(io, environment, vault)
  if (!servers.ok) return servers.exit
  const views = await probeServers(servers.servers, probeOptions(environment))
  if (options.json) printJson(io, views.map(serverJson))
  else if (views.length === 0) printLine(io, 'The account has no Plex Media Servers.')
  else for (const line of serverTable(views, options.wide ? null : outputColumns(io.stdout, environment.env))) printLine(io, line)
  return EXIT.ok
}
