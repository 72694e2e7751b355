import { z } from 'zod'
import type { Result } from '../../../preload/api'
import type { CredentialVault } from '../account/credential-vault'
import { rememberSecret } from '../log'
import { fail, ok } from '../result'

/**
 * The Home profiles of one account, as kept in its keychain entry `profiles:<account uuid>`: the
 * active profile (a Home user's uuid, or null for the account itself) and each Home user's token
 * minted from the account's, so that a switch back needs no new mint.
 */
export interface ProfileState {
  readonly active: string | null
  readonly tokens: Readonly<Record<string, string>>
}

export const NO_PROFILES: ProfileState = { active: null, tokens: {} }

// A uuid as plex.tv writes one, and a token as Plexkey sends one (visible ASCII, no spaces).
const uuid = z.string().regex(/^[\w-]{1,128}$/)
const token = z.string().regex(/^[\x21-\x7e]{1,4096}$/)
const entrySchema = z.object({ active: uuid.nullable(), tokens: z.record(uuid, token) }).strict()

// A Plex Home holds at most 15 users: far more minted tokens than that is no entry Plexkey wrote.
const MAX_TOKENS = 100

export function profileEntryName(accountUuid: string): string {
  return `profiles:${accountUuid}`
}

function malformed(accountUuid: string): Result<never> {
  const name = profileEntryName(accountUuid)
  return fail(
    'keychain',
    `The keychain entry "${name}" (service "plexkey") is not in Plexkey's form, so it was not used. ` +
      `Run \`plexkey user --owner\` to replace it, or remove it with: secret-tool clear service plexkey account ${name}`,
  )
}

type Read = { readonly kind: 'read'; readonly state: ProfileState } | { readonly kind: 'malformed' } | { readonly kind: 'failed'; readonly result: Result<never> }

async function readEntry(vault: CredentialVault, accountUuid: string): Promise<Read> {
  const stored = await vault.getEntry(profileEntryName(accountUuid))
  if (!stored.ok) return { kind: 'failed', result: stored }
  if (stored.value === null) return { kind: 'read', state: NO_PROFILES }
  let json: unknown
  try {
    json = JSON.parse(stored.value)
  } catch {
    return { kind: 'malformed' }
  }
  const parsed = entrySchema.safeParse(json)
  if (!parsed.success || Object.keys(parsed.data.tokens).length > MAX_TOKENS) return { kind: 'malformed' }
  for (const minted of Object.values(parsed.data.tokens)) rememberSecret(minted)
  return { kind: 'read', state: parsed.data }
}

/** Reads and checks the entry (absent: the account itself, nothing minted). Its tokens are secrets from here on. */
export async function readProfiles(vault: CredentialVault, accountUuid: string): Promise<Result<ProfileState>> {
  const read = await readEntry(vault, accountUuid)
  if (read.kind === 'read') return ok(read.state)
  return read.kind === 'failed' ? read.result : malformed(accountUuid)
}

/**
 * Reads the entry, applies `change` and writes the result back, all while no other process that
 * shares the keychain changes it. `change` may say why it changes nothing (an error result).
 * `replaceMalformed` starts over from nothing when the entry is not in Plexkey's form: the way out
 * of a damaged entry.
 */
export async function updateProfiles(
  vault: CredentialVault,
  accountUuid: string,
  change: (state: ProfileState) => Result<ProfileState>,
  replaceMalformed = false,
): Promise<Result<ProfileState>> {
  const done = await vault.exclusively(async (): Promise<Result<ProfileState>> => {
    const read = await readEntry(vault, accountUuid)
    if (read.kind === 'failed') return read.result
    if (read.kind === 'malformed' && !replaceMalformed) return malformed(accountUuid)
    const next = change(read.kind === 'read' ? read.state : NO_PROFILES)
    if (!next.ok) return next
    const written = await vault.setEntry(profileEntryName(accountUuid), JSON.stringify(next.value))
    return written.ok ? next : written
  })
  return done.ok ? done.value : done
}

/** Forgets the account's profiles and their tokens (signing the account out). */
export function deleteProfiles(vault: CredentialVault, accountUuid: string): Promise<Result<void>> {
  return vault.deleteEntry(profileEntryName(accountUuid))
}
