import type { StoredCredential } from './credential-vault'
import { titleOf } from './kept-accounts'

export type AccountMatch<T> =
  | { readonly kind: 'found'; readonly account: T }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly T[] }

type Field = (credential: StoredCredential) => string
const FIELDS: readonly Field[] = [(c) => c.accountKey, (c) => c.username, titleOf]

/**
 * The account a person names: by uuid, then username, then title, exactly; then the same ignoring
 * case. The first step that fits anything decides: one account is found, more are ambiguous, so a
 * title another account shares never wins by chance.
 */
export function matchAccount<T extends { readonly credential: StoredCredential }>(accounts: readonly T[], query: string): AccountMatch<T> {
  const folded = query.toLowerCase()
  const steps = [
    ...FIELDS.map((field) => (a: T) => field(a.credential) === query),
    ...FIELDS.map((field) => (a: T) => field(a.credential).toLowerCase() === folded),
  ]
  for (const fits of steps) {
    const found = accounts.filter(fits)
    if (found.length === 1 && found[0]) return { kind: 'found', account: found[0] }
    if (found.length > 1) return { kind: 'ambiguous', candidates: found }
  }
  return { kind: 'unknown' }
}
