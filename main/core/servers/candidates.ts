import type { PlexResource } from '../plex/plex-types'

/** Where an address leads: the server's own network, the internet, or Plex's relay. */
export type ConnectionKind = 'local' | 'remote' | 'relay'

/** One address worth probing, as an origin (`https://host:port`). */
export interface Candidate {
  readonly uri: string
  readonly kind: ConnectionKind
  readonly protocol: 'http' | 'https'
}

const LEVEL: Readonly<Record<ConnectionKind, number>> = { local: 0, remote: 1, relay: 2 }

function kindOf(connection: PlexResource['connections'][number]): ConnectionKind {
  if (connection.relay) return 'relay'
  return connection.local ? 'local' : 'remote'
}

/** The origin of a listed URI, or null for anything that is not a plain http(s) origin. */
function originOf(uri: string): { readonly origin: string; readonly protocol: 'http' | 'https' } | null {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  // A user name or password in a listed address would be sent along with every request.
  if (url.username || url.password) return null
  return { origin: url.origin, protocol: url.protocol === 'https:' ? 'https' : 'http' }
}

/**
 * The addresses of a server, best first: local, then remote, then relay; https before http at the
 * same level; plex.tv's order otherwise. A shared server's local addresses are left out, as
 * Plex's own clients do: they name a network of someone else's, where whoever answers at that
 * address on this network is a stranger.
 */
export function candidatesFor(resource: Pick<PlexResource, 'owned' | 'connections'>): readonly Candidate[] {
  const seen = new Set<string>()
  const candidates: Candidate[] = []
  for (const connection of resource.connections) {
    const kind = kindOf(connection)
    if (kind === 'local' && !resource.owned) continue
    const parsed = originOf(connection.uri)
    if (!parsed || seen.has(parsed.origin)) continue
    seen.add(parsed.origin)
    candidates.push({ uri: parsed.origin, kind, protocol: parsed.protocol })
  }
  const rank = (c: Candidate): number => LEVEL[c.kind] * 2 + (c.protocol === 'https' ? 0 : 1)
  // Array.prototype.sort is stable: plex.tv's order decides between equals.
  return candidates.sort((a, b) => rank(a) - rank(b))
}
