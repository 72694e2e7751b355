import type { AppError, Result } from '../../../preload/api'
import { signOutAccount } from '../account/account-changes'
import { isMalformedEntry, type StoredCredential } from '../account/credential-vault'
import type { Logger } from '../log'
import type { PlexClient } from '../plex/plex-types'
import { err, fail, ok, okVoid } from '../result'
import { type SignInContext, stopped } from './signin-context'
import { guardPlex, guardVault, type Outcome } from './signin-guards'
import type { TokenHealth } from './token-health'

/**
 * Asks plex.tv to forget a token. True once the token is dead there: forgotten now, or refused
 * because it already was. Anything else (offline, 5xx, a timeout) leaves it valid at plex.tv.
 */
export async function forgetToken(plex: PlexClient, token: string, log: Logger, signal?: AbortSignal): Promise<boolean> {
  const revoked = await guardPlex(() => plex.signOut(token, signal ? { signal } : {}))
  if (revoked.ok || revoked.error.code === 'token-rejected') return true
  log.warn('plex.tv sign-out failed; the token stays valid there', { code: revoked.error.code, status: revoked.error.status })
  return false
}

/**
 * Sign-out of the active account: plex.tv is told to forget the token, then it leaves the keychain
 * with its profiles and tools (account-changes.ts). When plex.tv could not be told, the state says
 * so ('signed-out-locally'): the token stays valid there until the user removes the device under
 * Authorized Devices. When another account is kept, the most recently used one becomes active and
 * is checked as at start. It runs under the vault's cross-process lock and signs out the token the
 * keychain holds then, so a renewal in another process can neither bring the sign-in back
 * afterwards nor leave its new token valid at plex.tv.
 */
export function createSignOut(ctx: SignInContext, health: TokenHealth): () => Promise<Result<void>> {
  return () => {
    if (ctx.disposed) return Promise.resolve(stopped)
    // The verdict of a check in flight no longer matters; do not make the user wait for it.
    health.abortCheck()
    return ctx.serial(async (): Promise<Result<void>> => {
      if (ctx.disposed) return stopped
      if (ctx.signingIn()) return fail('invalid-state', 'A sign-in is in progress; cancel it first.')
      health.stopHealth()
      const held = await guardVault(() => ctx.vault.exclusively(() => signOutLocked(ctx)))
      if (!held.ok) return failed(ctx, held.error)
      if (held.value === 'another-active') {
        await health.reload()
        return okVoid
      }
      return held.value
    })
  }
}

async function signOutLocked(ctx: SignInContext): Promise<Result<void> | 'another-active'> {
  const loaded = await guardVault(() => ctx.vault.loadActive())
  if (ctx.disposed) return stopped
  if (!loaded.ok && isMalformedEntry(loaded.error)) return discardMalformed(ctx)
  const chosen = tokenToSignOut(loaded, ctx.active?.credential ?? null)
  if (!chosen.ok) return failed(ctx, chosen.error)
  const credential = chosen.value
  if (!credential) {
    ctx.active = null
    if (ctx.store.state().kind === 'signed-out') return fail('invalid-state', 'Not signed in to Plex.')
    ctx.store.set({ kind: 'signed-out', reason: 'signed-out' })
    return okVoid
  }
  // Either way the token leaves this machine; plex.tv only decides how complete the sign-out is.
  const forget = (token: string): Promise<boolean> => forgetToken(ctx.plex, token, ctx.log, ctx.network.signal)
  const out = await guardVault(() => signOutAccount(ctx.vault, credential.accountKey, forget))
  if (!out.ok) return failed(ctx, out.error)
  ctx.active = null
  const { told, nowActive } = out.value
  ctx.log.info(told ? 'signed out' : 'signed out on this machine only', { nowActive: nowActive?.credential.username })
  if (nowActive) return 'another-active'
  if (!ctx.disposed) ctx.store.set({ kind: 'signed-out', reason: told ? 'signed-out' : 'signed-out-locally' })
  return okVoid
}

/**
 * Whose token to sign out: the keychain's, read under the lock, when nothing is in memory or it is
 * the same account (renewed elsewhere meanwhile, so the keychain's token is the newer one); nobody
 * when the keychain holds no sign-in any more (ended elsewhere); the one in memory when the
 * keychain cannot be read or names another account.
 */
function tokenToSignOut(loaded: Outcome<StoredCredential | null>, inMemory: StoredCredential | null): Result<StoredCredential | null> {
  if (!loaded.ok) return inMemory ? ok(inMemory) : err(loaded.error)
  const stored = loaded.value
  if (inMemory === null || stored === null) return ok(stored)
  return ok(stored.accountKey === inMemory.accountKey ? stored : inMemory)
}

/** A malformed entry holds no token plex.tv could be told about: it only leaves the keychain. */
async function discardMalformed(ctx: SignInContext): Promise<Result<void>> {
  const discarded = await guardVault(() => ctx.vault.discardActive())
  if (!discarded.ok) return failed(ctx, discarded.error)
  ctx.active = null
  ctx.log.info('a malformed keychain entry was removed')
  if (!ctx.disposed) ctx.store.set({ kind: 'signed-out', reason: 'signed-out' })
  return okVoid
}

/** The keychain could not be read or changed: the sign-out did not happen, and the state says why. */
function failed(ctx: SignInContext, error: AppError): Result<void> {
  if (!ctx.disposed) ctx.store.set({ kind: 'error', error })
  return err(error)
}
