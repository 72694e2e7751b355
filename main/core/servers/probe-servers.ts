import type { PlexResource } from '../plex/plex-types'
import { candidatesFor } from './candidates'
import { type ChooseOptions, chooseConnection } from './choose-connection'
import type { ServerState, ServerView } from './server-state'

/** The Media Servers among an account's resources (players and other clients are left out). */
export function serversOf(resources: readonly PlexResource[]): readonly PlexResource[] {
  return resources.filter((r) => r.provides.includes('server'))
}

/** Finds the best address of one server (see chooseConnection); plex.tv's presence names a failure. */
export async function probeServer(server: PlexResource, options: ChooseOptions): Promise<ServerState> {
  const choice = await chooseConnection(candidatesFor(server), server.clientIdentifier, options)
  if (choice.kind === 'chosen') return { kind: 'online', address: choice.candidate, rttMs: choice.rttMs }
  if (choice.kind === 'unencrypted-only') return { kind: 'unencrypted-only', address: choice.candidate, tried: choice.tried }
  return { kind: server.presence ? 'unreachable' : 'offline', tried: choice.tried }
}

/** Every server probed at once; the slowest bounds the whole. */
export function probeServers(servers: readonly PlexResource[], options: ChooseOptions): Promise<readonly ServerView[]> {
  return Promise.all(
    servers.map(async (server) => ({
      name: server.name,
      clientIdentifier: server.clientIdentifier,
      owned: server.owned,
      state: await probeServer(server, options),
    })),
  )
}
