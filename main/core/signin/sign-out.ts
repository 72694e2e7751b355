import type { AppError, Result } from '../../../preload/api'
import { isMalformedEntry, type StoredCredential } from '../account/credential-vault'
import { deleteProfiles } from '../home/profile-entry'
import { err, fail, ok, okVoid } from '../result'
import { type SignInContext, stopped } from './signin-context'
import { guardPlex, guardVault, type Outcome } from './signin-guards'
import type { TokenHealth } from './token-health'

/**
 * Asks plex.tv to forget a token. True once the token is dead there: forgotten now, or refused
 * because it already was. Anything else (offline, 5xx, a timeout) leaves it valid at plex.tv.
 */
async function forgetAtPlex(ctx: SignInContext, token: string): Promise<boolean> {
  const revoked = await guardPlex(() => ctx.plex.signOut(token, { signal: ctx.network.signal }))
  if (revoked.ok || revoked.error.code === 'token-rejected') return true
  ctx.log.warn('plex.tv sign-out failed; the token stays valid there', { code: revoked.error.code, status: revoked.error.status })
  return false
}

/**
 * The account's Home profiles and the tokens minted for them go with its sign-in: they speak for
 * the account and must not outlive it. A failure is logged; it leaves only tokens of an account
 * no longer signed in here.
 */
export async function forgetProfiles(ctx: SignInContext, accountKey: string): Promise<void> {
  const gone = await guardVault(() => deleteProfiles(ctx.vault, accountKey))
  if (!gone.ok) ctx.log.warn('the Home profiles of the signed-out account could not be removed from the keychain', { code: gone.error.code })
}

/**
 * Once another account's credential has become the active one, the credential it replaced is
 * signed out at plex.tv and leaves the keychain, rather than staying valid and unseen. When plex.tv
 * cannot be told, its entry stays in the keychain (not active), so a token still valid at plex.tv
 * is not lost track of, and retiring it is tried again after the next successful check.
 * Only for another account: a new token of the same account replaced the old one in place, and
 * signing that one out could end the same device's new sign-in at plex.tv too.
 */
export async function retireCredential(ctx: SignInContext, previous: StoredCredential): Promise<void> {
  const { accountKey, username } = previous
  if (!(await forgetAtPlex(ctx, previous.token))) {
    ctx.log.warn('the previous account stays in the keychain until plex.tv can be told', { username })
    // Unless that account has signed in again meanwhile: its entry is the live one then.
    if (ctx.active?.credential.accountKey !== accountKey) ctx.retiring.set(accountKey, previous)
    return
  }
  ctx.retiring.delete(accountKey)
  if (ctx.active?.credential.accountKey === accountKey) return
  const removed = await guardVault(() => ctx.vault.remove(accountKey))
  if (removed.ok) await forgetProfiles(ctx, accountKey)
  if (removed.ok) ctx.log.info('the previous account left the keychain', { username })
  else ctx.log.warn('the previous account could not be removed from the keychain', { code: removed.error.code })
}

/** After a successful check: the replaced accounts plex.tv could not be told about are tried again. */
export function retirePending(ctx: SignInContext): void {
  const pending = [...ctx.retiring.values()]
  // Taken off the list while being tried, so checks close together do not try one twice.
  ctx.retiring.clear()
  for (const previous of pending) {
    if (ctx.active?.credential.accountKey !== previous.accountKey) ctx.track(retireCredential(ctx, previous))
  }
}

/**
 * Sign-out: plex.tv is told to forget the token, then it leaves the keychain. When plex.tv could
 * not be told, the state says so ('signed-out-locally'): the token stays valid there until the
 * user removes the device under Authorized Devices. It runs under the vault's cross-process lock
 * and signs out the token the keychain holds then, so a renewal in another process can neither
 * bring the sign-in back afterwards nor leave its new token valid at plex.tv.
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
      if (held.ok) return held.value
      return failed(ctx, held.error)
    })
  }
}

async function signOutLocked(ctx: SignInContext): Promise<Result<void>> {
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
  const { token, accountKey } = credential
  // Either way the token leaves this machine; plex.tv only decides how complete the sign-out is.
  const told = await forgetAtPlex(ctx, token)
  const removed = await guardVault(() => ctx.vault.remove(accountKey))
  if (!removed.ok) return failed(ctx, removed.error)
  await forgetProfiles(ctx, accountKey)
  ctx.active = null
  ctx.log.info(told ? 'signed out' : 'signed out on this machine only')
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
