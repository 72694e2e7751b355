import type { CredentialVault } from '../core/account/credential-vault'
import { systemClock } from '../core/clock'
import type { PlexResource } from '../core/plex/plex-types'
import type { ChooseOptions } from '../core/servers/choose-connection'
import { matchServer } from '../core/servers/match-server'
import { serversOf } from '../core/servers/probe-servers'
import { safeLabel } from '../core/servers/server-text'
import type { ProfileChoice } from './args'
import type { CliEnvironment } from './cli-core'
import { EXIT, type ExitCode } from './exit-codes'
import { type CliIo, printError } from './output'
import { askPlexAs } from './profile-access'

export type ServerList = { readonly ok: true; readonly servers: readonly PlexResource[] } | { readonly ok: false; readonly exit: ExitCode }

/**
 * The Media Servers the profile sees (plex.tv lists a Home user's with tokens of its own), with
 * their tokens: main's and this process's only.
 */
export async function loadServers(io: CliIo, environment: CliEnvironment, vault: CredentialVault, profile: ProfileChoice): Promise<ServerList> {
  const failed = 'The list of servers could not be read from plex.tv.'
  const resources = await askPlexAs(io, environment, vault, profile, failed, (plex, token) => plex.getResources(token))
  return resources.ok ? { ok: true, servers: serversOf(resources.value) } : resources
}

export type FoundServer =
  | { readonly ok: true; readonly server: PlexResource; readonly token: string }
  | { readonly ok: false; readonly exit: ExitCode }

const quoted = (text: string): string => `"${safeLabel(text)}"`

/**
 * The server a person named (see matchServer), with its token. Unknown: exit 1 and the names
 * there are. More than one: exit 64 and the candidates, each with the identifier that names it alone.
 */
export function findServer(io: CliIo, servers: readonly PlexResource[], name: string): FoundServer {
  const match = matchServer(servers, name)
  switch (match.kind) {
    case 'unknown': {
      const names = servers.map((s) => quoted(s.name)).join(', ')
      printError(io, `There is no server named ${quoted(name)}. ${servers.length ? `The account's servers: ${names}.` : 'The account has no servers.'}`)
      return { ok: false, exit: EXIT.failure }
    }
    case 'ambiguous': {
      const candidates = match.candidates.map((s) => `${quoted(s.name)} (${s.clientIdentifier})`).join(', ')
      printError(io, `${quoted(name)} names more than one server: ${candidates}. Give the identifier of the one you mean.`)
      return { ok: false, exit: EXIT.usage }
    }
    case 'found':
      if (!match.server.accessToken) {
        printError(io, `plex.tv gave no usable access token for ${quoted(match.server.name)}.`)
        return { ok: false, exit: EXIT.failure }
      }
      return { ok: true, server: match.server, token: match.server.accessToken }
  }
}

/**
 * How the CLI probes: Node's fetch (TLS verified against Node's roots), the default timing, and
 * plain http off this machine only with `--allow-insecure`.
 */
export function probeOptions(environment: CliEnvironment, allowInsecure: boolean): ChooseOptions {
  return { fetch: environment.fetch, clock: systemClock, allowUnencrypted: allowInsecure }
}

/** How a command-line user allows a server that answers only over plain http. */
export const ALLOW_INSECURE_HINT = 'To use it anyway, run the command again with --allow-insecure.'
