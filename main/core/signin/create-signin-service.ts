import type { AccountView, AppError, PinMode, PinView, Result, RetryNotice } from '../../../preload/api'
import type { StoredCredential } from '../account/credential-vault'
import { systemClock, type TimerHandle } from '../clock'
import { createJwtAuth, type Freshness, isJwt, type JwtAuth } from '../jwt/jwt-auth'
import { createLogger, rememberSecret } from '../log'
import type { PlexUser } from '../plex/plex-types'
import { err, fail, okVoid } from '../result'
import { accountFromCredential, accountFromUser } from './account-view'
import { retryDelay } from './backoff'
import type { PinOutcome } from './pin-machine'
import { createPinSession, type PinEvent, type PinSession } from './pin-session'
import { resolveSignInPolicy, type SignInServiceOptions } from './signin-policy'
import type { SignInService } from './signin-service'
import { createSignInStore } from './signin-store'

/** The longest delay a timer takes (setTimeout's limit, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1

/** The active account: its keychain entry, and what the UI may see of it. */
interface Active {
  readonly credential: StoredCredential
  readonly account: AccountView
  /** The avatar address the account view's picture came from, to fetch it again only on change. */
  readonly thumb: string | null
  /** When a Plex JWT falls due for refresh (epoch ms); null for a legacy token. */
  readonly refreshAt: number | null
}

/** One running PIN session and the latest it told us. */
interface Running {
  readonly session: PinSession
  view: PinView | null
  retry: RetryNotice | null
}

/** A plex.tv or vault result, or what a throw below us is turned into. */
type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: AppError & { readonly retryAfterMs?: number; readonly tokenExpired?: true } }

export type { SignInPolicyOverrides, SignInServiceOptions } from './signin-policy'

const stopped = fail('invalid-state', 'Sign-in has been shut down.')

/**
 * The sign-in state owner (see SignInService). State transitions:
 *
 *   restoring  --restore: nothing stored------------------> signed-out
 *   restoring  --restore: token accepted-------------------> signed-in ok
 *   restoring  --restore: token rejected (removed)---------> signed-out token-rejected
 *   restoring  --restore: plex.tv unreachable (kept)-------> signed-in unreachable (re-checked with backoff)
 *   restoring  --restore: keychain failed------------------> error keychain
 *   signed-out | error | restoring (restore not run) --start--> starting -> waiting (per-mode PINs)
 *   waiting    --first approval, saved---------------------> signed-in ok (others cancelled)
 *   waiting    --first approval, save failed---------------> error keychain (previous entry untouched)
 *   waiting    --cancel-------------------------------------> signed-out cancelled
 *   waiting    --last PIN out of renewals-------------------> signed-out expired
 *   waiting    --last PIN failed otherwise------------------> error (network, plex-error, ...)
 *   signed-in  --checkNow / schedule-----------------------> signed-in checking -> same outcomes as restore
 *
 * A Plex JWT (device-key scheme) is verified and, when due (refreshAheadSec before it expires),
 * expired, unusable or answered with a 498, refreshed first: refreshed and saved -> as accepted;
 * refused for good (422) -> signed-out token-rejected; plex.tv unreachable -> signed-in
 * unreachable with the old token kept; saving the new one failed -> error keychain (the vault
 * still holds the old one). The check is also scheduled for when the token falls due.
 *   signed-in  --signOut--------------------------------------> signed-out signed-out (or error keychain)
 *   error      --checkNow-------------------------------------> restoring -> as restore
 */
export function createSignInService(options: SignInServiceOptions): SignInService {
  const { plex, vault } = options
  const clock = options.clock ?? systemClock
  const random = options.random ?? Math.random
  const log = options.logger ?? createLogger('signin')
  const policy = resolveSignInPolicy(options.policy)
  const clientId = options.identity?.clientId
  const jwt: JwtAuth | null = clientId
    ? createJwtAuth({ plex, vault, clientId, clock, policy: policy.jwt, logger: log })
    : null

  const store = createSignInStore({ kind: 'restoring' })
  const sessions = new Map<PinMode, Running>()
  let active: Active | null = null
  /** Plex approved a PIN and the token is being saved: nothing may start, cancel or check now. */
  let finishing = false
  let disposed = false
  let healthTimer: TimerHandle | null = null
  let healthFailures = 0
  /** The token check in flight, so sign-out need not wait for plex.tv to answer it. */
  let check: AbortController | null = null
  // Aborts the requests made outside PIN sessions (health, avatar, sign-out) when we shut down.
  const network = new AbortController()
  // restore, checkNow, signOut and scheduled checks run one at a time, in call order.
  let queue: Promise<unknown> = Promise.resolve()
  let pendingOps = 0

  const signingIn = (): boolean => finishing || sessions.size > 0

  function serial<T>(op: () => Promise<T>): Promise<T> {
    pendingOps += 1
    const run = queue.then(op).finally(() => {
      pendingOps -= 1
    })
    queue = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  // ---- PIN sessions ------------------------------------------------------------------------

  function start(mode: PinMode): Result<void> {
    if (disposed) return stopped
    if (finishing) return fail('invalid-state', 'Plex has approved the sign-in; it is being saved.')
    if (sessions.has(mode)) return okVoid
    const state = store.state()
    if (state.kind === 'signed-in') {
      return fail('invalid-state', `Already signed in as ${state.account.username}. Sign out first to use another account.`)
    }
    if (pendingOps > 0) return fail('invalid-state', 'The saved sign-in is being checked. Try again in a moment.')
    const scheme = options.authScheme?.() ?? 'legacy'
    if (scheme === 'jwt' && !jwt) return fail('invalid-state', 'Signing in with a device key needs the client id.')
    stopHealth()
    log.info('sign-in started', { mode, scheme, clientId })
    const session: PinSession = createPinSession({
      mode,
      plex,
      clock,
      policy: policy.pin,
      random,
      onEvent: (event) => onPinEvent(mode, session, event),
      ...(scheme === 'jwt' && jwt ? { deviceAuth: jwt.pinAuth() } : {}),
    })
    sessions.set(mode, { session, view: null, retry: null })
    session.start()
    publishPins()
    return okVoid
  }

  function onPinEvent(mode: PinMode, session: PinSession, event: PinEvent): void {
    const running = sessions.get(mode)
    // Events of a cancelled or replaced session are dropped here, whatever they carry.
    if (disposed || running?.session !== session) return
    switch (event.kind) {
      case 'pin':
        log.info('sign-in code ready', {
          mode,
          renewals: event.view.renewals,
          expiresAt: new Date(event.view.expiresAt).toISOString(),
        })
        running.view = event.view
        return publishPins()
      case 'retry':
        if (event.notice) {
          const { code, status } = event.notice.error
          log.warn('plex.tv request failed; retrying', { mode, code, status, retryInMs: event.notice.retryAt - clock.now() })
        }
        running.retry = event.notice
        return publishPins()
      case 'done':
        sessions.delete(mode)
        return onPinDone(mode, event.outcome)
    }
  }

  function onPinDone(mode: PinMode, outcome: PinOutcome): void {
    // A session is only ever cancelled by cancel() or dispose(), which forget it first, so its
    // 'cancelled' never gets here.
    if (outcome.kind === 'cancelled') return
    if (outcome.kind === 'approved') {
      rememberSecret(outcome.token)
      log.info('sign-in approved', { mode, username: outcome.user.username })
      // First approval wins: the other mode's PIN is abandoned before anything else happens.
      stopSessions()
      void complete(outcome.token, outcome.user)
      return
    }
    log.warn('sign-in ended', { mode, code: outcome.error.code, status: outcome.error.status, message: outcome.error.message })
    if (sessions.size > 0) return publishPins() // the other mode is still waiting and may succeed
    store.set(
      outcome.error.code === 'renewals-exhausted'
        ? { kind: 'signed-out', reason: 'expired' }
        : { kind: 'error', error: outcome.error },
    )
  }

  async function complete(token: string, user: PlexUser): Promise<void> {
    finishing = true
    const credential: StoredCredential = { accountKey: user.uuid, username: user.username, token }
    // getUser already accepted the token (inside the PIN session), so it is worth keeping. The vault
    // replaces the previous entry only when this save succeeds.
    const saved = await guardVault(() => vault.saveActive(credential))
    finishing = false
    if (disposed) return
    if (!saved.ok) {
      log.error('could not save the token', { code: saved.error.code, message: saved.error.message })
      return store.set({ kind: 'error', error: saved.error })
    }
    healthFailures = 0
    active = { credential, account: accountFromUser(user, null), thumb: user.thumb, refreshAt: refreshAtOf(token) }
    showSignedIn('ok')
    loadAvatar(active)
    scheduleHealth(nextCheckDelay())
  }

  function publishPins(): void {
    if (finishing || sessions.size === 0) return
    const running = [...sessions.values()]
    const pins = running.flatMap((r) => (r.view ? [r.view] : []))
    if (pins.length === 0) return store.set({ kind: 'starting', modes: [...sessions.keys()] })
    const retry = running.find((r) => r.retry !== null)?.retry ?? null
    store.set({ kind: 'waiting', pins, retry })
  }

  function stopSessions(): void {
    const all = [...sessions.values()]
    // Forget them first, so their own 'cancelled' events find nothing to change.
    sessions.clear()
    for (const running of all) running.session.cancel()
  }

  function cancel(): Result<void> {
    if (disposed) return stopped
    if (finishing) return fail('invalid-state', 'Plex has approved the sign-in; it is being saved.')
    if (sessions.size === 0) return fail('invalid-state', 'No sign-in is running.')
    stopSessions()
    log.info('sign-in cancelled')
    store.set({ kind: 'signed-out', reason: 'cancelled' })
    return okVoid
  }

  // ---- the stored token ------------------------------------------------------------------------

  function restore(): Promise<void> {
    if (disposed) return Promise.resolve()
    return serial(async () => {
      if (disposed || signingIn()) return
      stopHealth()
      store.set({ kind: 'restoring' })
      await loadAndValidate()
    })
  }

  async function loadAndValidate(): Promise<void> {
    const loaded = await guardVault(() => vault.loadActive())
    if (disposed) return
    if (!loaded.ok) {
      log.error('could not read the keychain', { code: loaded.error.code, message: loaded.error.message })
      active = null
      return store.set({ kind: 'error', error: loaded.error })
    }
    const credential = loaded.value
    if (!credential) {
      active = null
      return store.set({ kind: 'signed-out' })
    }
    rememberSecret(credential.token)
    if (active?.credential.accountKey !== credential.accountKey || active.credential.token !== credential.token) {
      active = { credential, account: accountFromCredential(credential), thumb: null, refreshAt: refreshAtOf(credential.token) }
    }
    await validate()
  }

  /** Asks plex.tv about the active token and moves to the verdict (see the table above). */
  async function validate(): Promise<void> {
    let current = active
    if (!current) return
    const mine = new AbortController()
    check = mine
    const signal = AbortSignal.any([network.signal, mine.signal])
    // Gone: shut down, aborted by sign-out, or the account replaced meanwhile. Judged by the
    // credential, not the object: a picture arriving meanwhile replaces `active` too.
    const gone = (): boolean => disposed || mine.signal.aborted || active?.credential !== current?.credential
    try {
      // A Plex JWT is refreshed by the device-key scheme; a legacy token is only asked about.
      const keeper = jwt !== null && isJwt(current.credential.token) ? jwt : null
      if (keeper) {
        const kept = await keepJwtFresh(keeper, current, false, signal, gone)
        if (!kept) return
        current = kept
      }
      const asked = current
      let result = await guardPlex(() => plex.getUser(asked.credential.token, { signal }))
      if (gone()) return
      if (keeper && !result.ok && result.error.tokenExpired) {
        // 498: plex.tv holds the JWT expired, whatever our clock says: refresh now, then ask again.
        const kept = await keepJwtFresh(keeper, current, true, signal, gone)
        if (!kept) return
        current = kept
        result = await guardPlex(() => plex.getUser(kept.credential.token, { signal }))
        if (gone()) return
      }
      if (result.ok) {
        healthFailures = 0
        const latest = active ?? current
        const avatar = result.value.thumb === latest.thumb ? latest.account.avatar : null
        const account = accountFromUser(result.value, avatar)
        active = { ...latest, account, thumb: result.value.thumb }
        log.info('token accepted by plex.tv', { username: result.value.username })
        showSignedIn('ok')
        if (avatar === null) loadAvatar(active)
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

  /**
   * Verifies a Plex JWT and refreshes it when it is due or plex.tv said it had expired (`force`).
   * Returns the active account to go on with, or null once it has moved to a verdict itself.
   */
  async function keepJwtFresh(
    keeper: JwtAuth,
    current: Active,
    force: boolean,
    signal: AbortSignal,
    gone: () => boolean,
  ): Promise<Active | null> {
    const fresh = await guardJwt(() => keeper.keepFresh(current.credential.token, { force, signal }))
    if (gone()) return null
    switch (fresh.kind) {
      case 'current':
        return current
      case 'rejected':
        await rejectToken(current, fresh.error)
        return null
      case 'unavailable':
        keepUnreachable(fresh.error)
        return null
      case 'refreshed': {
        rememberSecret(fresh.token)
        const credential: StoredCredential = { ...current.credential, token: fresh.token }
        // The vault replaces the old token only when this save succeeds.
        const saved = await guardVault(() => vault.saveActive(credential))
        if (gone()) return null
        if (!saved.ok) {
          log.error('could not save the refreshed token; the previous one stays in the keychain', { code: saved.error.code })
          store.set({ kind: 'error', error: saved.error })
          return null
        }
        active = { ...(active ?? current), credential, refreshAt: refreshAtOf(fresh.token) }
        return active
      }
    }
  }

  /** plex.tv refused the token (or its renewal) for good: it leaves the keychain; sign in again. */
  async function rejectToken(current: Active, error: AppError): Promise<void> {
    log.warn('token rejected by plex.tv; removing it', { status: error.status })
    const removed = await guardVault(() => vault.remove(current.credential.accountKey))
    if (disposed) return
    active = null
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

  function keepUnreachable(error: AppError & { readonly retryAfterMs?: number }): void {
    healthFailures += 1
    const delay = retryDelay(policy.healthRetry, healthFailures, random, error.retryAfterMs)
    log.warn('plex.tv unreachable; token kept', { code: error.code, status: error.status, retryInMs: delay })
    showSignedIn('unreachable')
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
    const due = active?.refreshAt ?? null
    // Never sooner than the retry floor: a token whose whole life is within the window must not spin.
    const untilDue = due === null ? Number.POSITIVE_INFINITY : Math.max(due - clock.now(), policy.healthRetry.minMs)
    const delay = Math.min(interval, untilDue)
    return Number.isFinite(delay) ? Math.min(delay, MAX_TIMER_MS) : 0
  }

  function showSignedIn(health: 'ok' | 'unreachable'): void {
    if (!active) return
    store.set({
      kind: 'signed-in',
      account: active.account,
      checkedAt: clock.now(),
      health,
      storage: vault.describe(active.credential.accountKey),
    })
  }

  /** Best effort: the account shows without a picture until (and unless) this succeeds. */
  function loadAvatar(target: Active): void {
    const thumb = target.thumb
    if (!thumb) return
    void guardPlex(() => plex.fetchAvatar(thumb, { signal: network.signal })).then((result) => {
      const state = store.state()
      if (disposed || !result.ok || active !== target || state.kind !== 'signed-in') return
      active = { ...target, account: { ...target.account, avatar: result.value } }
      store.set({ ...state, account: active.account })
    })
  }

  function scheduleHealth(delayMs: number): void {
    stopHealth()
    if (disposed || delayMs <= 0) return
    healthTimer = clock.setTimeout(() => {
      healthTimer = null
      void serial(async () => {
        const state = store.state()
        if (disposed || signingIn() || !active || state.kind !== 'signed-in') return
        store.set({ ...state, health: 'checking' })
        await validate()
      })
    }, delayMs)
  }

  function stopHealth(): void {
    if (healthTimer !== null) clock.clearTimeout(healthTimer)
    healthTimer = null
  }

  function checkNow(): Promise<Result<void>> {
    if (disposed) return Promise.resolve(stopped)
    return serial(async (): Promise<Result<void>> => {
      if (disposed) return stopped
      const state = store.state()
      if (signingIn()) return fail('invalid-state', 'A sign-in is in progress.')
      if (state.kind === 'signed-out') return fail('invalid-state', 'Not signed in to Plex.')
      stopHealth()
      if (state.kind === 'signed-in' && active) {
        store.set({ ...state, health: 'checking' })
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

  function signOut(): Promise<Result<void>> {
    if (disposed) return Promise.resolve(stopped)
    // The verdict of a check in flight no longer matters; do not make the user wait for it.
    check?.abort()
    return serial(async (): Promise<Result<void>> => {
      if (disposed) return stopped
      if (signingIn()) return fail('invalid-state', 'A sign-in is in progress; cancel it first.')
      stopHealth()
      let credential = active?.credential ?? null
      if (!credential) {
        const loaded = await guardVault(() => vault.loadActive())
        if (disposed) return stopped
        if (!loaded.ok) {
          store.set({ kind: 'error', error: loaded.error })
          return err(loaded.error)
        }
        credential = loaded.value
      }
      if (!credential) {
        if (store.state().kind === 'signed-out') return fail('invalid-state', 'Not signed in to Plex.')
        store.set({ kind: 'signed-out', reason: 'signed-out' })
        return okVoid
      }
      const { token, accountKey } = credential
      // Best effort: plex.tv forgets the token if it can be reached; either way it leaves this machine.
      const revoked = await guardPlex(() => plex.signOut(token, { signal: network.signal }))
      if (!revoked.ok) log.warn('plex.tv sign-out failed; removing the token anyway', { code: revoked.error.code })
      const removed = await guardVault(() => vault.remove(accountKey))
      if (!removed.ok) {
        if (!disposed) store.set({ kind: 'error', error: removed.error })
        return err(removed.error)
      }
      active = null
      log.info('signed out')
      if (!disposed) store.set({ kind: 'signed-out', reason: 'signed-out' })
      return okVoid
    })
  }

  function dispose(): void {
    if (disposed) return
    disposed = true
    stopSessions()
    stopHealth()
    network.abort()
  }

  return {
    getSnapshot: () => store.snapshot(),
    subscribe: (listener) => store.subscribe(listener),
    restore,
    start,
    cancel,
    checkNow,
    signOut,
    pin: (mode) => sessions.get(mode)?.view ?? undefined,
    dispose,
  }
}

/** The vault reports failures as data; a throw (a broken native module) becomes one too. */
async function guardVault<T>(call: () => Promise<Result<T>>): Promise<Outcome<T>> {
  try {
    return await call()
  } catch {
    return { ok: false, error: { code: 'keychain', message: 'The keychain could not be used.', retryable: true } }
  }
}

/** The JWT scheme reports failures as data; a throw (a bug below) leaves the token alone. */
async function guardJwt(call: () => Promise<Freshness>): Promise<Freshness> {
  try {
    return await call()
  } catch {
    return { kind: 'unavailable', error: { code: 'unknown', message: 'The sign-in could not be renewed (internal error).', retryable: true } }
  }
}

async function guardPlex<T>(call: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await call()
  } catch {
    return { ok: false, error: { code: 'unknown', message: 'plex.tv could not be asked (internal error).', retryable: true } }
  }
}
