import { z } from 'zod'
import type { Result } from '../../../preload/api'
import { fail, ok } from '../result'

/** The keychain entry that lists the accounts Plexkey holds by uuid, most recently used first. */
export const ACCOUNTS_ENTRY = 'accounts'

/** More than anyone signs in; a list longer than this is damage, not a desktop's accounts. */
const MAX_ACCOUNTS = 200

// The same names the vault accepts as account keys: printable ASCII without spaces.
const indexSchema = z.array(z.string().regex(/^[\x21-\x7e]{1,200}$/)).max(MAX_ACCOUNTS)

const CLEAN_UP =
  'Remove that entry (service "plexkey", account "accounts") with your keychain\'s own tool, such as ' +
  '`secret-tool clear service plexkey account accounts` on Linux: the active account stays signed in, ' +
  'and `plexkey login --add` lists each other account again. No token is lost meanwhile.'

/**
 * The index as read from the keychain: null when there is none (an install from before there were
 * several accounts: the active one is the only one). Never echoed: it may hold anything.
 */
export function parseAccountIndex(raw: string | null): Result<readonly string[] | null> {
  if (raw === null) return ok(null)
  const damaged = (what: string): Result<never> =>
    fail('keychain', `The keychain entry "accounts" is not a list of Plexkey accounts (${what}). ${CLEAN_UP}`)
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return damaged('not JSON')
  }
  const parsed = indexSchema.safeParse(json)
  if (!parsed.success) return damaged(`not an array of at most ${MAX_ACCOUNTS} account ids`)
  return ok([...new Set(parsed.data)])
}

/** The index as it is written. */
export function accountIndexText(keys: readonly string[]): string {
  return JSON.stringify([...new Set(keys)])
}
