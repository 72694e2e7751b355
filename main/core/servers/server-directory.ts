import type { Result, ServerListing, ServersView } from '../../../preload/api'
import type { Clock } from '../clock'
import type { FetchLike } from '../plex/plex-client'
import type { PlexClient } from '../plex/plex-types'
import { err, fail, ok } from '../result'
import type { ProbeTiming } from './choose-connection'
import { probeServers, serversOf } from './probe-servers'
import type { ServerView } from './server-state'
import { safeLabel } from './server-text'

export interface ServerDirectoryOptions {
  readonly plex: PlexClient
  /**
   * The token of the identity the servers are listed for (the active Home profile's, else the
   * account's), or null when signed out.
   */
  readonly identityToken: () => Promise<Result<string | null>>
  /**
   * Given a token plex.tv refused: one to ask with instead (a profile's minted again), or null
   * when there is none (the account's own token refused). Without it, a refusal is the answer.
   */
  readonly renewToken?: (refused: string) => Promise<Result<string | null>>
  readonly fetch: FetchLike
  readonly clock: Clock
  readonly timing?: ProbeTiming
  /** Read at each refresh: the user's say-so to use plain http off this machine (the app's setting). */
  readonly allowUnencryptedServers: () => boolean
}

/** The account's servers in main: the app's window and tray see listings, never tokens. */
export interface ServerDirectory {
  /** Reads the servers from plex.tv and probes them all; a refresh already running is joined. */
  refresh(): Promise<Result<ServersView>>
  /**
   * Reads them again for an identity that has just changed (another Home profile): a refresh
   * still running for the one before is not joined, and its list is never published.
   */
  reload(): Promise<Result<ServersView>>
  /** The last list, or null before the first refresh (and after sign-out). */
  current(): ServersView | null
  /** The chosen base URL of a listed server that is online, else null. */
  addressOf(clientIdentifier: string): string | null
  /** Called with every new list (and null when it is forgotten). */
  subscribe(listener: (view: ServersView | null) => void): () => void
  /** Forgets the list (sign-out): nothing of the last account stays shown. */
  clear(): void
}

/**
 * The IPC shape: the state without the addresses tried, which only the CLI spells out, and the
 * name fit to show (no control characters or bidi overrides, bounded) in the window and the tray.
 */
export function listingOf(view: ServerView): ServerListing {
  const { clientIdentifier, owned, state } = view
  const name = safeLabel(view.name)
  if (state.kind === 'online') {
    const { address, rttMs } = state
    return { name, clientIdentifier, owned, state: { kind: 'online', via: address.kind, url: address.uri, rttMs, encrypted: address.encrypted } }
  }
  if (state.kind === 'unencrypted-only') return { name, clientIdentifier, owned, state: { kind: 'unencrypted-only' } }
  return { name, clientIdentifier, owned, state: { kind: state.kind, tried: state.tried.length } }
}

export function createServerDirectory(options: ServerDirectoryOptions): ServerDirectory {
  const listeners = new Set<(view: ServersView | null) => void>()
  let latest: ServersView | null = null
  let running: Promise<Result<ServersView>> | null = null
  // A refresh that started before clear() must not bring the old list back.
  let generation = 0

  const publish = (view: ServersView | null): void => {
    latest = view
    for (const listener of [...listeners]) listener(view)
  }

  const load = async (): Promise<Result<ServersView>> => {
    const started = generation
    const token = await options.identityToken()
    if (!token.ok) return token
    if (token.value === null) return fail('invalid-state', 'Sign in to Plex to see your servers.')
    let resources = await options.plex.getResources(token.value)
    // A refused profile token is minted again once, and the list asked for again with it.
    if (!resources.ok && resources.error.code === 'token-rejected' && resources.error.tokenExpired !== true && options.renewToken) {
      const renewed = await options.renewToken(token.value)
      if (!renewed.ok) return renewed
      if (renewed.value !== null) resources = await options.plex.getResources(renewed.value)
    }
    if (!resources.ok) return err(resources.error)
    const views = await probeServers(serversOf(resources.value), {
      fetch: options.fetch,
      clock: options.clock,
      allowUnencrypted: options.allowUnencryptedServers(),
      ...(options.timing ? { timing: options.timing } : {}),
    })
    const view: ServersView = { servers: views.map(listingOf), checkedAt: options.clock.now() }
    if (started === generation) publish(view)
    return ok(view)
  }

  const start = (): Promise<Result<ServersView>> => {
    const current = load().finally(() => {
      if (running === current) running = null
    })
    running = current
    return current
  }

  return {
    refresh: () => running ?? start(),
    reload: () => {
      generation += 1
      return start()
    },
    current: () => latest,
    addressOf: (clientIdentifier) => {
      const server = latest?.servers.find((s) => s.clientIdentifier === clientIdentifier)
      return server?.state.kind === 'online' ? server.state.url : null
    },
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    clear: () => {
      generation += 1
      if (latest !== null) publish(null)
    },
  }
}
