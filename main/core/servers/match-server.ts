export type ServerMatch<T> =
  | { readonly kind: 'found'; readonly server: T }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly T[] }

/** A name as people tell names apart: without case, and without what is not drawn (\p{Cf}, controls). */
const comparable = (text: string): string => text.replace(/[\p{Cc}\p{Cf}]/gu, '').normalize('NFC').toLowerCase()

/**
 * The server a person named: by its name without regard to case or invisible characters, or by
 * its clientIdentifier (which tells two servers of one name apart). A name that fits more than
 * one server is ambiguous even when one of them has it exactly: anyone who shares a server can
 * name it like one of yours ("Basement" beside your "basement"), and the right one must never be
 * a guess.
 */
export function matchServer<T extends { readonly name: string; readonly clientIdentifier: string }>(
  servers: readonly T[],
  query: string,
): ServerMatch<T> {
  const wanted = comparable(query)
  const matches = servers.filter((s) => s.clientIdentifier === query || (wanted !== '' && comparable(s.name) === wanted))
  if (matches.length === 1 && matches[0] !== undefined) return { kind: 'found', server: matches[0] }
  if (matches.length > 1) return { kind: 'ambiguous', candidates: matches }
  return { kind: 'unknown' }
}
