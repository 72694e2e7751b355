import { isLoopbackHost } from '../plex/endpoints'
import type { PlexResource } from '../plex/plex-types'

/** Where an address leads: the server's own network, the internet, or Plex's relay. */
export type ConnectionKind = 'local' | 'remote' | 'relay'

/** One address worth probing, as an origin (`https://host:port`). */
export interface Candidate {
  readonly uri: string
  readonly kind: ConnectionKind
  readonly protocol: 'http' | 'https'
  /**
   * https, or http to this machine (127.0.0.1, ::1, localhost). Plain http to any other address
   * is not: the server's identifier is no secret, so whoever answers there can prove to be it, and
   * the token would cross the network in the clear.
   */
  readonly encrypted: boolean
}

const LEVEL: Readonly<Record<ConnectionKind, number>> = { local: 0, remote: 1, relay: 2 }

function kindOf(connection: PlexResource['connections'][number]): ConnectionKind {
  if (connection.relay) return 'relay'
  return connection.local ? 'local' : 'remote'
}

/** The origin of a listed URI, or null for anything that is not a plain http(s) origin. */
function originOf(uri: string): { readonly origin: string; readonly protocol: 'http' | 'https'; readonly hostname: string } | null {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  // A user name or password in a listed address would be sent along with every request.
  if (url.username || url.password) return null
  return { origin: url.origin, protocol: url.protocol === 'https:' ? 'https' : 'http', hostname: url.hostname }
}

/**
 * The addresses of a server, best first: every https address before every http one; within each,
 * local, then remote, then relay; plex.tv's order otherwise. Plain http off this machine is left
 * out altogether when the server lists an https address or plex.tv says it requires https: such
 * an address could only ever be a downgrade. A shared server's local addresses are left out, as
 * Plex's own clients do: they name a network of someone else's, where whoever answers at that
 * address on this network is a stranger.
 */
export function candidatesFor(resource: Pick<PlexResource, 'owned' | 'connections' | 'httpsRequired'>): readonly Candidate[] {
  const seen = new Set<string>()
  const listed: Candidate[] = []
  for (const connection of resource.connections) {
    const kind = kindOf(connection)
    if (kind === 'local' && !resource.owned) continue
    const parsed = originOf(connection.uri)
    if (!parsed || seen.has(parsed.origin)) continue
    seen.add(parsed.origin)
    const encrypted = parsed.protocol === 'https' || isLoopbackHost(parsed.hostname)
    listed.push({ uri: parsed.origin, kind, protocol: parsed.protocol, encrypted })
  }
  const httpsOnly = resource.httpsRequired || listed.some((c) => c.protocol === 'https')
  const candidates = httpsOnly ? listed.filter((c) => c.encrypted) : listed
  const rank = (c: Candidate): number => (c.protocol === 'https' ? 0 : 3) + LEVEL[c.kind]
  // Array.prototype.sort is stable: plex.tv's order decides between equals.
  return candidates.sort((a, b) => rank(a) - rank(b))
}
