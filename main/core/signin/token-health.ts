import type { AppError, Result, SignedOutReason } from '../../../preload/api'
import { dropAccount } from '../account/account-changes'
import type { StoredCredential } from '../account/credential-vault'
import type { TimerHandle } from '../clock'
import { isJwt } from '../jwt/jwt-auth'
import { rememberSecret } from '../log'
import type { PlexUser } from '../plex/plex-types'
import { err, fail, okVoid } from '../result'
import { accountFromCredential, accountFromUser } from './account-view'
import { retryDelay } from './backoff'
import { keepJwtFresh } from './jwt-keep-fresh'
import { type Active, type SignInContext, stopped } from './signin-context'
import { guardPlex, guardVault } from './signin-guards'

/** The longest delay a timer takes (setTimeout's limit, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1

/** The stored token: loading it, asking plex.tv about it, and when to ask again. */
export interface TokenHealth {
  restore(): Promise<void>
  checkNow(): Promise<Result<void>>
  /** A PIN sign-in saved this credential: it is the active account now. */
  signedIn(credential: StoredCredential, user: PlexUser): void
  /** Reads the keychain's active account again and checks it, as at start (another became active). Within serial(). */
  reload(): Promise<void>
  /** Another account was made active in the keychain: shows and checks it instead (SignInService.follow). */
  follow(): Promise<Result<void>>
  /** Drops the verdict of a check in flight (sign-out need not wait for plex.tv to answer it). */
  abortCheck(): void
  stopHealth(): void
}

export function createTokenHealth(ctx: SignInContext): TokenHealth {
  const { plex, vault, clock, log, policy, store, jwt } = ctx
  let healthTimer: TimerHandle | null = null
  let healthFailures = 0
  /** The token check in flight, so sign-out need not wait for plex.tv to answer it. */
  let check: AbortController | null = null

  function restore(): Promise<void> {
    if (ctx.disposed) return Promise.resolve()
    return ctx.serial(async () => {
      if (ctx.disposed || ctx.signingIn()) return
      stopHealth()
      store.set({ kind: 'restoring' })
      await loadAndValidate()
    })
  }

  /** `emptyReason`: what to say when the keychain holds no sign-in (nothing, at start). */
  async function loadAndValidate(emptyReason?: SignedOutReason): Promise<void> {
    // Whatever sign-in was adding an account has ended by now: this is the keychain's account again.
    ctx.adding = false
    const loaded = await guardVault(() => vault.loadActive())
    if (ctx.disposed) return
    if (!loaded.ok) {
      log.error('could not read the keychain', { code: loaded.error.code, message: loaded.error.message })
      ctx.active = null
      return store.set({ kind: 'error', error: loaded.error })
    }
    const credential = loaded.value
    if (!credential) {
      ctx.active = null
      return store.set(emptyReason ? { kind: 'signed-out', reason: emptyReason } : { kind: 'signed-out' })
    }
    rememberSecret(credential.token)
    const active = ctx.active
    if (active?.credential.accountKey !== credential.accountKey || active.credential.token !== credential.token) {
      ctx.active = { credential, account: accountFromCredential(credential), thumb: null, refreshAt: refreshAtOf(credential.token) }
    }
    await validate()
  }

  /** Asks plex.tv about the active token and moves to the verdict (see create-signin-service.ts). */
  async function validate(): Promise<void> {
    let current = ctx.active
    if (!current) return
    const mine = new AbortController()
    check = mine
    const signal = AbortSignal.any([ctx.network.signal, mine.signal])
    // Gone: shut down, aborted by sign-out, or the account replaced meanwhile. Judged by the
    // credential, not the object: a picture arriving meanwhile replaces `active` too.
    const gone = (): boolean => ctx.disposed || mine.signal.aborted || ctx.active?.credential !== current?.credential
    const verdicts = { reject: rejectToken, unreachable: keepUnreachable, moved: signedOutElsewhere }
    try {
      // A Plex JWT is refreshed by the device-key scheme; a legacy token is only asked about.
      const keeper = jwt !== null && isJwt(current.credential.token) ? jwt : null
      if (keeper) {
        const kept = await keepJwtFresh(ctx, { keeper, current, force: false, signal, gone, ...verdicts })
        if (!kept) return
        current = kept
      }
      const asked = current
      let result = await guardPlex(() => plex.getUser(asked.credential.token, { signal }))
      if (gone()) return
      if (keeper && !result.ok && result.error.tokenExpired) {
        // 498: plex.tv holds the JWT expired, whatever our clock says: refresh now, then ask again.
        const kept = await keepJwtFresh(ctx, { keeper, current, force: true, signal, gone, ...verdicts })
        if (!kept) return
        current = kept
        result = await guardPlex(() => plex.getUser(kept.credential.token, { signal }))
        if (gone()) return
      }
      if (result.ok) {
        healthFailures = 0
        const latest = ctx.active ?? current
        const avatar = result.value.thumb === latest.thumb ? latest.account.avatar : null
        const account = accountFromUser(result.value, avatar)
        ctx.active = { ...latest, account, thumb: result.value.thumb }
        log.info('token accepted by plex.tv', { username: result.value.username })
        showSignedIn('ok')
        if (avatar === null) loadAvatar(ctx.active)
        scheduleHealth(nextCheckDelay())
        return
      }
      // plex.tv said no (401, or 422 "Invalid token"): the token is dead for good, so it goes.
      if (result.error.code === 'token-rejected') return await rejectToken(current, result.error)
      // Anything else is no verdict on the token (offline, 5xx, 429, an unreadable answer): keep it,
      // say plex.tv cannot be reached, and ask again later.
      keepUnreachable(result.error)
    } finally {
      if (check === mine) check = null
    }
  }

  /** plex.tv refused the token (or its renewal) for good: it leaves the keychain; sign in again. */
  async function rejectToken(current: Active, error: AppError): Promise<void> {
    log.warn('token rejected by plex.tv; removing it', { status: error.status })
    const removed = await guardVault(() => dropAccount(vault, current.credential.accountKey))
    if (ctx.disposed) return
    ctx.active = null
    if (!removed.ok) {
      return store.set({
        kind: 'error',
        error: {
          ...removed.error,
          message:
            'plex.tv no longer accepts the saved sign-in, and it could not be removed from the keychain. ' +
            removed.error.message,
        },
      })
    }
    store.set({ kind: 'signed-out', reason: 'token-rejected' })
  }

  /**
   * The keychain no longer holds the sign-in being renewed: another process ended it, or signed in
   * another account. Whatever the keychain names now is what this process shows, checked with
   * plex.tv as at start; signed out only when it names nothing.
   */
  async function signedOutElsewhere(): Promise<void> {
    log.info('the sign-in left the keychain elsewhere while it was being renewed; not renewed, reading the keychain again')
    ctx.active = null
    store.set({ kind: 'restoring' })
    await loadAndValidate('signed-out')
  }

  function keepUnreachable(error: AppError & { readonly retryAfterMs?: number }): void {
    healthFailures += 1
    const delay = retryDelay(policy.healthRetry, healthFailures, ctx.random, error.retryAfterMs)
    log.warn('plex.tv unreachable; token kept', { code: error.code, status: error.status, retryInMs: delay })
    showSignedIn('unreachable', delay)
    scheduleHealth(delay)
  }

  function refreshAtOf(token: string): number | null {
    return jwt && isJwt(token) ? jwt.refreshDueAt(token) : null
  }

  /**
   * The next routine check: the health interval, or sooner when a Plex JWT falls due (a due token
   * is refreshed even where routine checks are off, as in the app, whose scheduler runs its own).
   */
  function nextCheckDelay(): number {
    const interval = policy.healthCheckIntervalMs > 0 ? policy.healthCheckIntervalMs : Number.POSITIVE_INFINITY
    const due = ctx.active?.refreshAt ?? null
    // Never sooner than the retry floor: a token whose whole life is within the window must not spin.
    const untilDue = due === null ? Number.POSITIVE_INFINITY : Math.max(due - clock.now(), policy.healthRetry.minMs)
    const delay = Math.min(interval, untilDue)
    return Number.isFinite(delay) ? Math.min(delay, MAX_TIMER_MS) : 0
  }

  /** `retryInMs`: unreachable, plex.tv is asked again after this long (see scheduleHealth). */
  function showSignedIn(health: 'ok' | 'unreachable', retryInMs = 0): void {
    const active = ctx.active
    if (!active) return
    const now = clock.now()
    store.set({
      kind: 'signed-in',
      account: active.account,
      checkedAt: now,
      health,
      nextCheckAt: health === 'unreachable' && retryInMs > 0 ? now + retryInMs : null,
      storage: vault.describe(active.credential.accountKey),
    })
  }

  /** Best effort: the account shows without a picture until (and unless) this succeeds. */
  function loadAvatar(target: Active): void {
    const thumb = target.thumb
    if (!thumb) return
    void guardPlex(() => plex.fetchAvatar(thumb, { signal: ctx.network.signal })).then((result) => {
      const state = store.state()
      if (ctx.disposed || !result.ok || ctx.active !== target || state.kind !== 'signed-in') return
      ctx.active = { ...target, account: { ...target.account, avatar: result.value } }
      store.set({ ...state, account: ctx.active.account })
    })
  }

  function scheduleHealth(delayMs: number): void {
    stopHealth()
    if (ctx.disposed || delayMs <= 0) return
    healthTimer = clock.setTimeout(() => {
      healthTimer = null
      void ctx.serial(async () => {
        const state = store.state()
        if (ctx.disposed || ctx.signingIn() || !ctx.active || state.kind !== 'signed-in') return
        store.set({ ...state, health: 'checking', nextCheckAt: null })
        await validate()
      })
    }, delayMs)
  }

  function stopHealth(): void {
    if (healthTimer !== null) clock.clearTimeout(healthTimer)
    healthTimer = null
  }

  function checkNow(): Promise<Result<void>> {
    if (ctx.disposed) return Promise.resolve(stopped)
    return ctx.serial(async (): Promise<Result<void>> => {
      if (ctx.disposed) return stopped
      const state = store.state()
      if (ctx.signingIn()) return fail('invalid-state', 'A sign-in is in progress.')
      if (state.kind === 'signed-out') return fail('invalid-state', 'Not signed in to Plex.')
      stopHealth()
      if (state.kind === 'signed-in' && ctx.active) {
        store.set({ ...state, health: 'checking', nextCheckAt: null })
        await validate()
      } else {
        // From an error (or before any restore): start over from the keychain.
        store.set({ kind: 'restoring' })
        await loadAndValidate()
      }
      const after = store.state()
      return after.kind === 'error' ? err(after.error) : okVoid
    })
  }

  function follow(): Promise<Result<void>> {
    if (ctx.disposed) return Promise.resolve(stopped)
    // The verdict on the account being left no longer matters.
    check?.abort()
    return ctx.serial(async (): Promise<Result<void>> => {
      if (ctx.disposed) return stopped
      if (ctx.signingIn()) return fail('invalid-state', 'A sign-in is in progress; cancel it first.')
      stopHealth()
      ctx.active = null
      store.set({ kind: 'restoring' })
      await loadAndValidate('signed-out')
      const after = store.state()
      return after.kind === 'error' ? err(after.error) : okVoid
    })
  }

  return {
    restore,
    checkNow,
    follow,
    signedIn(credential, user) {
      healthFailures = 0
      ctx.active = { credential, account: accountFromUser(user, null), thumb: user.thumb, refreshAt: refreshAtOf(credential.token) }
      showSignedIn('ok')
      loadAvatar(ctx.active)
      scheduleHealth(nextCheckDelay())
    },
    reload: async () => {
      ctx.active = null
      store.set({ kind: 'restoring' })
      await loadAndValidate('signed-out')
    },
    abortCheck: () => check?.abort(),
    stopHealth,
  }
}
