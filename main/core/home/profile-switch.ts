import type { AppError, Result } from '../../../preload/api'
import type { CredentialVault } from '../account/credential-vault'
import { isJwt } from '../jwt/jwt-expiry'
import type { PlexClient, PlexError } from '../plex/plex-types'
import { ok } from '../result'
import { nextTryAt, type PinAttempts } from './pin-attempts'
import { type ProfileState, readProfiles, updateProfiles } from './profile-entry'

/** What switching profiles works with: the account, its current token, and where misses are counted. */
export interface ProfileContext {
  readonly vault: CredentialVault
  readonly plex: Pick<PlexClient, 'switchHomeUser' | 'tokenIsDead'>
  readonly attempts: PinAttempts
  readonly accountUuid: string
  /** The account's own token as it is now (a Plex JWT due for renewal already renewed): every mint is made with it. */
  readonly ownerToken: string
  readonly now: () => number
}

export interface ProfileRequest {
  /** The Home user's uuid; null, or the account's own uuid, is the account itself. */
  readonly userUuid: string | null
  /** plex.tv lists the profile as protected: no mint is tried without a PIN. */
  readonly isProtected?: boolean
  /** Sent to plex.tv once, in the switch's query, and dropped. */
  readonly pin?: string
}

/**
 * Why a Home profile's token could not be had for want of its PIN: none was given ('missing'), the
 * one given was not a 4-digit PIN ('format') or plex.tv refused it ('wrong'), or too many wrong ones
 * came in a row and the next try must wait ('wait'). `retryAt` is when it may be tried again.
 */
export interface PinRefusal extends AppError {
  readonly code: 'home-pin-required'
  readonly pin: 'missing' | 'format' | 'wrong' | 'wait'
  readonly retryAt?: number
}

export function isPinRefusal(error: AppError): error is PinRefusal {
  return error.code === 'home-pin-required' && 'pin' in error
}

const PIN_MESSAGES: Readonly<Record<PinRefusal['pin'], string>> = {
  missing: 'This Home profile needs its PIN.',
  format: 'A Home PIN is 4 digits.',
  wrong: 'plex.tv did not accept that PIN.',
  wait: 'Too many wrong PINs in a row: wait before trying again.',
}

function pinRefusal(pin: PinRefusal['pin'], retryAt: number | null = null): Result<never> {
  const error: PinRefusal = { code: 'home-pin-required', message: PIN_MESSAGES[pin], retryable: pin !== 'format', pin, ...(retryAt === null ? {} : { retryAt }) }
  return { ok: false, error }
}

/** Said when plex.tv will not switch profiles for a Plex JWT sign-in, with what does work. */
export const JWT_SWITCH_REFUSED =
  'plex.tv refused to switch Home profiles for this sign-in, which uses a Plex JWT (a device key). Switching works with a ' +
  'standard Plex token: sign out, choose Settings → Sign-in method → Standard Plex token, and sign in again ' +
  '(in a terminal: plexkey logout, then plexkey login --auth legacy).'

const ownProfile = (ctx: ProfileContext, userUuid: string | null): userUuid is null => userUuid === null || userUuid === ctx.accountUuid

const isPin = (pin: string): boolean => /^\d{4}$/.test(pin)

/**
 * When a PIN for this profile may be sent next; null at once. For a person to be told before they
 * type one: the count is checked again, under the lock, when the PIN is sent.
 */
export async function pinWaitUntil(ctx: ProfileContext, userUuid: string): Promise<number | null> {
  return nextTryAt(await ctx.attempts.get(ctx.accountUuid, userUuid), ctx.now())
}

/**
 * Whether plex.tv refused a switch for the Plex JWT it was made with: a 403 that is not about the
 * PIN, or a 401 while the account's token itself is still taken (else the token is simply dead).
 */
async function refusesJwt(ctx: ProfileContext, error: PlexError): Promise<boolean> {
  if (error.code === 'plex-error' && error.status === 403) return true
  if (error.code !== 'token-rejected' || error.tokenExpired === true) return false
  const dead = await ctx.plex.tokenIsDead(ctx.ownerToken)
  return dead.ok && !dead.value
}

/**
 * A switch plex.tv refused. A wrong PIN is counted; a refusal of a Plex JWT sign-in (the account
 * token itself still good) is said as such, since signing in again the same way cannot help.
 */
async function refused(ctx: ProfileContext, userUuid: string, pin: string | undefined, error: PlexError): Promise<Result<never>> {
  if (error.code === 'home-pin-required') {
    if (pin === undefined) return pinRefusal('missing')
    const counted = await ctx.attempts.missed(ctx.accountUuid, userUuid, ctx.now())
    if (!counted.ok) return counted
    return pinRefusal('wrong', nextTryAt(counted.value, ctx.now()))
  }
  if (isJwt(ctx.ownerToken)) {
    if (await refusesJwt(ctx, error)) return { ok: false, error: { code: 'switch-refused', message: JWT_SWITCH_REFUSED, retryable: false, ...(error.status === undefined ? {} : { status: error.status }) } }
  }
  return { ok: false, error }
}

/**
 * Mints the profile's token from the account's and keeps it, under the keychain lock: switches run
 * one at a time across every process, a wrong PIN is counted before the next can be tried, and a
 * token another process minted meanwhile is taken instead of minting again. `stale` is a kept
 * token plex.tv refused: only that one is replaced.
 */
async function mint(ctx: ProfileContext, userUuid: string, request: ProfileRequest, stale?: string): Promise<Result<string>> {
  const { pin } = request
  const done = await ctx.vault.exclusively(async (): Promise<Result<string>> => {
    const kept = await readProfiles(ctx.vault, ctx.accountUuid)
    if (!kept.ok) return kept
    const current = kept.value.tokens[userUuid]
    if (current !== undefined && current !== stale) return ok(current)
    if (pin === undefined && request.isProtected === true) return pinRefusal('missing')
    if (pin !== undefined) {
      if (!isPin(pin)) return pinRefusal('format')
      const waitUntil = await pinWaitUntil(ctx, userUuid)
      if (waitUntil !== null) return pinRefusal('wait', waitUntil)
    }
    const minted = await ctx.plex.switchHomeUser(ctx.ownerToken, userUuid, pin === undefined ? {} : { pin })
    if (!minted.ok) return refused(ctx, userUuid, pin, minted.error)
    // The count starts over; a failure to say so only costs a wait later, never the switch.
    if (pin !== undefined) await ctx.attempts.succeeded(ctx.accountUuid, userUuid)
    const saved = await updateProfiles(ctx.vault, ctx.accountUuid, (state) => ok({ ...state, tokens: { ...state.tokens, [userUuid]: minted.value } }))
    return saved.ok ? ok(minted.value) : saved
  })
  return done.ok ? done.value : done
}

/**
 * The token to use as the profile: the account's own for the account itself, else the kept one,
 * else one minted now (see mint). `stale`: a kept token plex.tv has just refused, minted anew.
 */
export async function profileToken(ctx: ProfileContext, request: ProfileRequest & { readonly stale?: string }): Promise<Result<string>> {
  const { userUuid } = request
  if (ownProfile(ctx, userUuid)) return ok(ctx.ownerToken)
  const kept = await readProfiles(ctx.vault, ctx.accountUuid)
  if (!kept.ok) return kept
  const token = kept.value.tokens[userUuid]
  if (token !== undefined && token !== request.stale) return ok(token)
  return mint(ctx, userUuid, request, request.stale ?? token)
}

/**
 * Makes the profile the active one. Back to the account itself needs no PIN and no plex.tv (and
 * replaces a malformed entry: the way out of one). A Home user's kept token is used when plex.tv
 * still takes it; else one is minted, with the PIN when plex.tv asks for one. Nothing changes
 * unless the switch succeeds.
 */
export async function switchProfile(ctx: ProfileContext, request: ProfileRequest): Promise<Result<ProfileState>> {
  const { userUuid } = request
  if (ownProfile(ctx, userUuid)) return updateProfiles(ctx.vault, ctx.accountUuid, (state) => ok({ ...state, active: null }), true)
  const done = await ctx.vault.exclusively(async (): Promise<Result<ProfileState>> => {
    const kept = await readProfiles(ctx.vault, ctx.accountUuid)
    if (!kept.ok) return kept
    const token = kept.value.tokens[userUuid]
    let stale: string | undefined
    if (token !== undefined) {
      const dead = await ctx.plex.tokenIsDead(token)
      if (!dead.ok) return dead
      if (dead.value) stale = token
    }
    if (token === undefined || stale !== undefined) {
      const minted = await mint(ctx, userUuid, request, stale)
      if (!minted.ok) return minted
    }
    return updateProfiles(ctx.vault, ctx.accountUuid, (state) => ok({ ...state, active: userUuid }))
  })
  return done.ok ? done.value : done
}
