export type ServerMatch<T> =
  | { readonly kind: 'found'; readonly server: T }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly T[] }

const folded = (text: string): string => text.normalize('NFC').toLowerCase()

function pick<T>(matches: readonly T[]): ServerMatch<T> | null {
  if (matches.length === 1 && matches[0] !== undefined) return { kind: 'found', server: matches[0] }
  if (matches.length > 1) return { kind: 'ambiguous', candidates: matches }
  return null
}

/**
 * The server a person named: by its exact name, else by its clientIdentifier (which tells two
 * servers of one name apart), else by its name without regard to case. More than one at the
 * first step that finds any is ambiguous.
 */
export function matchServer<T extends { readonly name: string; readonly clientIdentifier: string }>(
  servers: readonly T[],
  query: string,
): ServerMatch<T> {
  return (
    pick(servers.filter((s) => s.name === query)) ??
    pick(servers.filter((s) => s.clientIdentifier === query)) ??
    pick(servers.filter((s) => folded(s.name) === folded(query))) ?? { kind: 'unknown' }
  )
}
