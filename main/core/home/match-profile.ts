import type { PlexHomeUser } from '../plex/plex-types'

export type ProfileMatch =
  | { readonly kind: 'found'; readonly user: PlexHomeUser }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly PlexHomeUser[] }

const folded = (text: string): string => text.normalize('NFC').toLowerCase()

/**
 * The Home user a person named: by uuid, else by title exactly, else by title without regard to
 * case. The first of those that fits anyone decides: two users it fits alike are ambiguous, never
 * a guess.
 */
export function matchProfile(users: readonly PlexHomeUser[], query: string): ProfileMatch {
  const rules: readonly ((user: PlexHomeUser) => boolean)[] = [
    (user) => user.uuid === query,
    (user) => user.title === query,
    (user) => folded(user.title) === folded(query),
  ]
  for (const fits of rules) {
    const found = users.filter(fits)
    if (found.length > 1) return { kind: 'ambiguous', candidates: found }
    const [only] = found
    if (only) return { kind: 'found', user: only }
  }
  return { kind: 'unknown' }
}
