import { createPinSignIn } from './pin-sign-in'
import { createSignOut } from './sign-out'
import { createSignInContext } from './signin-context'
import type { SignInServiceOptions } from './signin-policy'
import type { SignInService } from './signin-service'
import { createTokenHealth } from './token-health'

export type { SignInPolicyOverrides, SignInServiceOptions } from './signin-policy'

/**
 * The sign-in state owner (see SignInService), put together from its three parts over one shared
 * context: PIN sign-in (pin-sign-in.ts), the stored token's health (token-health.ts, with the
 * Plex JWT kept fresh by jwt-keep-fresh.ts) and sign-out (sign-out.ts). State transitions:
 *
 *   restoring  --restore: nothing stored------------------> signed-out
 *   restoring  --restore: token accepted-------------------> signed-in ok
 *   restoring  --restore: token rejected (removed)---------> signed-out token-rejected
 *   restoring  --restore: plex.tv unreachable (kept)-------> signed-in unreachable (re-checked with backoff)
 *   restoring  --restore: keychain failed------------------> error keychain
 *   signed-out | error | restoring (restore not run) --start--> starting -> waiting (per-mode PINs)
 *   waiting    --another mode started---------------------> waiting, that mode in `starting` until its PIN exists
 *   waiting    --one mode failed, another still waits------> waiting, that mode in `failed` until started again
 *   starting   --one mode failed, another still starting---> waiting with no PIN yet, that mode in `failed`
 *   waiting    --first approval, saved---------------------> signed-in ok (others cancelled; then an account
 *                                                            it replaced is signed out at plex.tv and removed,
 *                                                            or, if plex.tv cannot be told, kept (not active)
 *                                                            and retried after the next successful check)
 *   waiting    --first approval, save failed---------------> error keychain (previous entry untouched)
 *   waiting    --cancel-------------------------------------> signed-out cancelled
 *   waiting    --last PIN out of renewals-------------------> signed-out expired
 *   waiting    --last PIN failed otherwise------------------> error (network, plex-error, ...)
 *   signed-in  --add-----------------------------------------> starting -> waiting, as start; the active account
 *                                                            stays in the keychain; approval as above makes the
 *                                                            new account active beside it
 *   (adding)   --cancel, or after the PIN expired or failed---> restoring -> as restore (the still-active account)
 *   any but signing in --follow (another made active)---------> restoring -> as restore with the new active account
 *   signed-in  --checkNow / schedule-----------------------> signed-in checking -> same outcomes as restore
 *
 * A Plex JWT (device-key scheme) is verified and, when due (refreshAheadSec before it expires),
 * expired, unusable or answered with a 498, refreshed first: refreshed and saved -> as accepted;
 * refused for good (422) -> signed-out token-rejected; plex.tv unreachable -> signed-in
 * unreachable with the old token kept; saving the new one failed -> error keychain (the vault
 * still holds the old one); the keychain names another account, or none, by the time the renewal
 * gets its turn (another process signed in or out) -> restoring, and on as restore with whatever it
 * names now (signed-out signed-out when it names none). The check is also scheduled for when the
 * token falls due.
 *   signed-in  --signOut, plex.tv told---------------------> signed-out signed-out
 *   signed-in  --signOut, plex.tv not told (offline)-------> signed-out signed-out-locally
 *   signed-in  --signOut, keychain refused-----------------> error keychain
 *   error      --checkNow-------------------------------------> restoring -> as restore
 */
export function createSignInService(options: SignInServiceOptions): SignInService {
  const ctx = createSignInContext(options)
  const health = createTokenHealth(ctx)
  const pins = createPinSignIn(ctx, health)
  const signOut = createSignOut(ctx, health)

  function dispose(): void {
    if (ctx.disposed) return
    ctx.disposed = true
    pins.stopSessions()
    health.stopHealth()
    ctx.network.abort()
  }

  return {
    getSnapshot: () => ctx.store.snapshot(),
    subscribe: (listener) => ctx.store.subscribe(listener),
    restore: health.restore,
    start: pins.start,
    add: pins.add,
    follow: health.follow,
    cancel: pins.cancel,
    checkNow: health.checkNow,
    signOut,
    pin: pins.pin,
    browserAddress: pins.browserAddress,
    browserNotOpened: pins.browserNotOpened,
    settled: () => ctx.settled(),
    dispose,
  }
}
