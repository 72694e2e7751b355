import type { AppError } from '../../../preload/api'
import type { StoredCredential } from '../account/credential-vault'
import { isJwt, type JwtAuth } from '../jwt/jwt-auth'
import { rememberSecret } from '../log'
import type { Active, SignInContext } from './signin-context'
import { guardJwt } from './signin-guards'

export interface KeepFreshRequest {
  readonly keeper: JwtAuth
  readonly current: Active
  /** plex.tv said the JWT had expired (498): refresh whatever our clock says. */
  readonly force: boolean
  readonly signal: AbortSignal
  /** True once the answer no longer matters (shut down, signed out, account replaced). */
  readonly gone: () => boolean
  /** The verdicts this step may reach itself. */
  readonly reject: (current: Active, error: AppError) => Promise<void>
  readonly unreachable: (error: AppError) => void
  /** The keychain no longer holds this sign-in: it ended (or was replaced) in another process. */
  readonly moved: () => Promise<void>
}

/**
 * Verifies a Plex JWT and refreshes it when it is due or plex.tv said it had expired (the JWT
 * scheme saves the new one). Returns the active account to go on with, or null once it has moved
 * to a verdict itself: refused for good (422) -> rejected; plex.tv unreachable -> unreachable with
 * the old token kept; the new token not saved -> error keychain (the vault still holds the old
 * one); the sign-in gone from the keychain meanwhile -> moved (the keychain is read again).
 */
export async function keepJwtFresh(ctx: SignInContext, request: KeepFreshRequest): Promise<Active | null> {
  const { keeper, current, force, signal, gone } = request
  const fresh = await guardJwt(() => keeper.keepFresh(current.credential, { force, signal }))
  if (fresh.kind === 'refreshed') return adopt(ctx, request, fresh.token)
  if (gone()) return null
  switch (fresh.kind) {
    case 'current':
      return current
    case 'rejected':
      await request.reject(current, fresh.error)
      return null
    case 'unavailable':
      request.unreachable(fresh.error)
      return null
    case 'moved':
      await request.moved()
      return null
    case 'unsaved':
      ctx.log.error('could not save the refreshed token; the previous one stays in the keychain', { code: fresh.error.code })
      ctx.store.set({ kind: 'error', error: fresh.error })
      return null
  }
}

/** The keychain holds the renewed token now: it becomes the active account's, whatever else changed. */
function adopt(ctx: SignInContext, request: KeepFreshRequest, token: string): Active | null {
  const { keeper, current, gone } = request
  rememberSecret(token)
  const credential: StoredCredential = { ...current.credential, token }
  // Judged before `active` moves on to the new token (which `gone` would take for a replaced account).
  const late = gone()
  if (ctx.active?.credential === current.credential) {
    // Even when the answer no longer matters: a sign-out waiting behind this check must sign out
    // this token at plex.tv, not the one it replaced.
    const refreshAt = isJwt(token) ? keeper.refreshDueAt(token) : null
    ctx.active = { ...ctx.active, credential, refreshAt }
  }
  return late ? null : ctx.active
}
