import type { Result } from '../../preload/api'
import type { CredentialVault } from '../core/account/credential-vault'
import { matchProfile } from '../core/home/match-profile'
import { createPinAttempts } from '../core/home/pin-attempts'
import { readProfiles } from '../core/home/profile-entry'
import { type ProfileContext, profileToken } from '../core/home/profile-switch'
import type { PlexClient, PlexHomeUser, PlexResult } from '../core/plex/plex-types'
import { safeLabel } from '../core/servers/server-text'
import { accountToken } from './account-token'
import type { ProfileChoice } from './args'
import type { CliCore, CliEnvironment } from './cli-core'
import { resolveConfigDir } from '../core/config/config-dir'
import { EXIT, type ExitCode } from './exit-codes'
import { type CliIo, printError, printFailure } from './output'
import { readPinLine } from './pin-prompt'
import type { PlexAnswer } from './plex-call'
import { type NamedProfile, type PinSource, type Settled, withPin } from './profile-pin'

/** The core, opened only when a command gets that far, and closed once with the command. */
export interface LazyCore {
  get(): Promise<Result<CliCore>>
  close(): void
}

export function lazyCore(environment: CliEnvironment, vault: CredentialVault): LazyCore {
  let opened: Promise<Result<CliCore>> | null = null
  return {
    // Loaded when first needed: `token` and `exec` mostly need the keychain alone, and start often.
    get: () => (opened ??= import('./cli-core').then(({ openCliCore }) => openCliCore(environment, vault))),
    close: () => void opened?.then((core) => core.ok && core.value.service.dispose()),
  }
}

/** Who a token speaks for: the account itself (profile null), or one of its Home users. */
export interface Identity {
  readonly token: string
  readonly accountKey: string
  /** The account's own token, of which every profile's is minted. */
  readonly ownerToken: string
  /** title null: not looked up (the active profile's kept token needed no plex.tv). */
  readonly profile: { readonly uuid: string; readonly title: string | null } | null
}

export type Resolved = { readonly ok: true; readonly identity: Identity } | { readonly ok: false; readonly exit: ExitCode }

/** The PIN source of a command: `--pin-stdin` reads its one line first, whether a PIN is needed or not. */
export function pinSource(pinStdin: boolean): PinSource {
  return pinStdin ? { kind: 'stdin', pin: readPinLine() ?? undefined } : { kind: 'terminal' }
}

/** The account's Plex Home, or the exit status once the reason was printed. */
export async function homeUsers(io: CliIo, plex: PlexClient, ownerToken: string): Promise<Settled<readonly PlexHomeUser[]>> {
  const home = await plex.listHomeUsers(ownerToken)
  if (!home.ok) {
    printError(io, 'The Plex Home users could not be read from plex.tv.')
    return { ok: false, exit: printFailure(io, home.error) }
  }
  if (home.value.kind === 'no-home') {
    printError(io, 'This plex.tv account has no Plex Home, so it has no other profiles.')
    return { ok: false, exit: EXIT.failure }
  }
  return { ok: true, value: home.value.users }
}

/** The Home user a person named (see matchProfile); unknown: exit 1 with the names; ambiguous: exit 64. */
export function namedUser(io: CliIo, users: readonly PlexHomeUser[], name: string): Settled<PlexHomeUser> {
  const quoted = (text: string): string => `"${safeLabel(text)}"`
  const match = matchProfile(users, name)
  switch (match.kind) {
    case 'found':
      return { ok: true, value: match.user }
    case 'unknown':
      printError(io, `The Plex Home has no user named ${quoted(name)}. Its users: ${users.map((u) => quoted(u.title)).join(', ')}.`)
      return { ok: false, exit: EXIT.failure }
    case 'ambiguous':
      printError(io, `${quoted(name)} names more than one Home user: ${match.candidates.map((u) => `${quoted(u.title)} (${u.uuid})`).join(', ')}. Give the uuid of the one you mean.`)
      return { ok: false, exit: EXIT.usage }
  }
}

/** What switching needs, on the account as it is now. */
export function profileContext(environment: CliEnvironment, vault: CredentialVault, plex: PlexClient, accountKey: string, ownerToken: string): ProfileContext {
  return { vault, plex, attempts: createPinAttempts(resolveConfigDir(environment.env, environment.platform, environment.homedir)), accountUuid: accountKey, ownerToken, now: Date.now }
}

/**
 * The token a command hands out or asks plex.tv with: `--user`'s profile for this call, else the
 * active profile's kept token, else the account's own. Without `--user`, the keychain is all it
 * reads unless the active profile's token has to be minted. `stale`: a profile token plex.tv has
 * just refused, to be minted anew (with its PIN when plex.tv wants it).
 */
export async function resolveIdentity(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  choice: ProfileChoice,
  core: LazyCore,
  pins: PinSource,
  stale?: string,
): Promise<Resolved> {
  const account = await accountToken(io, environment, vault)
  if (!account.ok) return account
  const { accountKey, token: ownerToken } = account
  const own: Resolved = { ok: true, identity: { token: ownerToken, accountKey, ownerToken, profile: null } }
  let wanted: string
  if (choice.user === null) {
    const profiles = await readProfiles(vault, accountKey)
    if (!profiles.ok) return { ok: false, exit: printFailure(io, profiles.error) }
    const { active, tokens } = profiles.value
    if (active === null) return own
    const kept = tokens[active]
    if (kept !== undefined && kept !== stale) return { ok: true, identity: { token: kept, accountKey, ownerToken, profile: { uuid: active, title: null } } }
    wanted = active
  } else wanted = choice.user
  const opened = await core.get()
  if (!opened.ok) return { ok: false, exit: printFailure(io, opened.error) }
  const { plex } = opened.value
  const users = await homeUsers(io, plex, ownerToken)
  if (!users.ok) return users
  const user = choice.user === null ? users.value.find((u) => u.uuid === wanted) : undefined
  if (choice.user === null && user === undefined) {
    printError(io, 'The active Home profile is no longer in the Plex Home. Run `plexkey user --owner`, or choose another with `plexkey user <name>`.')
    return { ok: false, exit: EXIT.failure }
  }
  const found = user === undefined ? namedUser(io, users.value, wanted) : { ok: true as const, value: user }
  if (!found.ok) return found
  if (found.value.uuid === accountKey) return own
  const profile: NamedProfile = { uuid: found.value.uuid, title: found.value.title }
  const ctx = profileContext(environment, vault, plex, accountKey, ownerToken)
  const minted = await withPin(io, ctx, profile, pins, (pin) =>
    profileToken(ctx, { userUuid: profile.uuid, isProtected: found.value.protected, ...(pin === undefined ? {} : { pin }), ...(stale === undefined ? {} : { stale }) }),
  )
  if (!minted.ok) return minted
  return { ok: true, identity: { token: minted.value, accountKey, ownerToken, profile } }
}

export type NamedIdentity = { readonly ok: true; readonly profile: { readonly uuid: string; readonly title: string } | null } | { readonly ok: false; readonly exit: ExitCode }

/**
 * The profile a command acts as, named (status): null for the account itself. Resolved as for any
 * call, so a `--user` profile's token is minted if it has to be; the name comes from the Home's
 * list (the uuid stands in for it when plex.tv cannot be asked).
 */
export async function namedProfile(io: CliIo, environment: CliEnvironment, vault: CredentialVault, choice: ProfileChoice): Promise<NamedIdentity> {
  const core = lazyCore(environment, vault)
  try {
    const resolved = await resolveIdentity(io, environment, vault, choice, core, pinSource(choice.pinStdin))
    if (!resolved.ok) return resolved
    const { profile, ownerToken } = resolved.identity
    if (profile === null) return { ok: true, profile: null }
    if (profile.title !== null) return { ok: true, profile: { uuid: profile.uuid, title: profile.title } }
    const opened = await core.get()
    const home = opened.ok ? await opened.value.plex.listHomeUsers(ownerToken) : null
    const listed = home?.ok && home.value.kind === 'home' ? home.value.users.find((u) => u.uuid === profile.uuid) : undefined
    return { ok: true, profile: { uuid: profile.uuid, title: listed?.title ?? profile.uuid } }
  } finally {
    core.close()
  }
}

export type HandedToken = { readonly ok: true; readonly token: string } | { readonly ok: false; readonly exit: ExitCode }

/** The token `token` and `exec` hand out (see resolveIdentity): the profile's, else the account's. */
export async function profileTokenOnly(io: CliIo, environment: CliEnvironment, vault: CredentialVault, choice: ProfileChoice): Promise<HandedToken> {
  const core = lazyCore(environment, vault)
  try {
    const resolved = await resolveIdentity(io, environment, vault, choice, core, pinSource(choice.pinStdin))
    return resolved.ok ? { ok: true, token: resolved.identity.token } : resolved
  } finally {
    core.close()
  }
}

/**
 * One plex.tv call as the chosen profile (see resolveIdentity), for a command that reads something
 * that differs per profile (its servers). A profile token plex.tv refuses is minted anew once, and
 * the call made again. Failures are printed (`failed` first) and their exit status returned.
 */
export async function askPlexAs<T>(
  io: CliIo,
  environment: CliEnvironment,
  vault: CredentialVault,
  choice: ProfileChoice,
  failed: string,
  call: (plex: PlexClient, token: string) => Promise<PlexResult<T>>,
): Promise<PlexAnswer<T>> {
  const core = lazyCore(environment, vault)
  try {
    const pins = pinSource(choice.pinStdin)
    let resolved = await resolveIdentity(io, environment, vault, choice, core, pins)
    if (!resolved.ok) return resolved
    const opened = await core.get()
    if (!opened.ok) return { ok: false, exit: printFailure(io, opened.error) }
    let answer = await call(opened.value.plex, resolved.identity.token)
    const refused = !answer.ok && answer.error.code === 'token-rejected' && answer.error.tokenExpired !== true
    if (refused && resolved.identity.profile !== null) {
      resolved = await resolveIdentity(io, environment, vault, choice, core, pins, resolved.identity.token)
      if (!resolved.ok) return resolved
      answer = await call(opened.value.plex, resolved.identity.token)
    }
    if (answer.ok) return answer
    printError(io, failed)
    return { ok: false, exit: printFailure(io, answer.error) }
  } finally {
    core.close()
  }
}
