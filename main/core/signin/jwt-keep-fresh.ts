import type { AppError } from '../../../preload/api'
import type { StoredCredential } from '../account/credential-vault'
import { isJwt, type JwtAuth } from '../jwt/jwt-auth'
import { rememberSecret } from '../log'
import type { Active, SignInContext } from './signin-context'
import { guardJwt, guardVault } from './signin-guards'

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
}

/**
 * Verifies a Plex JWT and refreshes it when it is due or plex.tv said it had expired. Returns the
 * active account to go on with, or null once it has moved to a verdict itself: refused for good
 * (422) -> rejected; plex.tv unreachable -> unreachable with the old token kept; the new token not
 * saved -> error keychain (the vault still holds the old one).
 */
export async function keepJwtFresh(ctx: SignInContext, request: KeepFreshRequest): Promise<Active | null> {
  const { keeper, current, force, signal, gone } = request
  const fresh = await guardJwt(() => keeper.keepFresh(current.credential.token, { force, signal }))
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
    case 'refreshed': {
      rememberSecret(fresh.token)
      const credential: StoredCredential = { ...current.credential, token: fresh.token }
      // The vault replaces the old token only when this save succeeds.
      const saved = await guardVault(() => ctx.vault.saveActive(credential))
      // Judged before `active` moves on to the new token (which `gone` would take for a replaced account).
      const late = gone()
      if (saved.ok && ctx.active?.credential === current.credential) {
        // The keychain holds the new token now, so it is the account's token even when the answer
        // no longer matters: a sign-out waiting behind this check must sign out this one at plex.tv.
        const refreshAt = isJwt(fresh.token) ? keeper.refreshDueAt(fresh.token) : null
        ctx.active = { ...ctx.active, credential, refreshAt }
      }
      if (late) return null
      if (!saved.ok) {
        ctx.log.error('could not save the refreshed token; the previous one stays in the keychain', { code: saved.error.code })
        ctx.store.set({ kind: 'error', error: saved.error })
        return null
      }
      return ctx.active
    }
  }
}
