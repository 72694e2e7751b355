import type { AppError, PinMode, PinView, Result } from '../../../preload/api'
import { rememberAccount } from '../account/account-changes'
import type { StoredCredential } from '../account/credential-vault'
import { rememberSecret } from '../log'
import type { PlexUser } from '../plex/plex-types'
import { fail, okVoid } from '../result'
import type { PinOutcome } from './pin-machine'
import { armBrowserReturn, type BrowserReturn } from './browser-return'
import { createPinSession, type PinEvent, type PinSession } from './pin-session'
import { type SignInContext, stopped } from './signin-context'
import { guardVault } from './signin-guards'
import type { TokenHealth } from './token-health'

/** PIN sign-in: one session per mode, side by side; the first approved wins. */
export interface PinSignIn {
  start(mode: PinMode): Result<void>
  /** Starts a sign-in for another account while one is signed in; see SignInService.add. */
  add(mode: PinMode): Result<void>
  cancel(): Result<void>
  pin(mode: PinMode): PinView | undefined
  browserAddress(): Promise<string | null>
  browserNotOpened(): void
  /** Cancels every session without a word to the store, and closes every return page (shutting down). */
  stopSessions(): void
}

/** How long a visit to the return page waits for the token to be checked and saved before it answers "not yet". */
const RETURN_ANSWER_WITHIN_MS = 10_000

const saving = fail('invalid-state', 'Plex has approved the sign-in; it is being saved.')

/** What a mode that ran out of renewals tells the UI while the other mode still waits. */
function expiredError(renewals: number): AppError {
  return {
    code: 'pin-expired',
    message: `The sign-in code expired ${renewals + 1} times without being used.`,
    retryable: true,
  }
}

export function createPinSignIn(ctx: SignInContext, health: TokenHealth): PinSignIn {
  const { store, log, sessions } = ctx
  /** Modes that ended in error while another mode still waits; cleared when retried or sign-in ends. */
  const failures = new Map<PinMode, AppError>()
  /** Return pages of approved sign-ins, still answering a browser on its way (BrowserReturn.linger). */
  const lingering = new Set<BrowserReturn>()

  function start(mode: PinMode): Result<void> {
    if (ctx.disposed) return stopped
    if (ctx.finishing) return saving
    if (sessions.has(mode)) return okVoid
    const state = store.state()
    if (state.kind === 'signed-in') {
      return fail('invalid-state', `Already signed in as ${state.account.username}. Sign out first to use another account.`)
    }
    return begin(mode)
  }

  function add(mode: PinMode): Result<void> {
    if (ctx.disposed) return stopped
    if (ctx.finishing) return saving
    // Not signed in (or already adding): this is the usual sign-in.
    if (store.state().kind !== 'signed-in' || sessions.has(mode)) return start(mode)
    const begun = begin(mode)
    if (begun.ok) {
      ctx.adding = true
      log.info('adding another account; the active one stays until the new one is approved')
    }
    return begun
  }

  function begin(mode: PinMode): Result<void> {
    if (ctx.busy()) return fail('invalid-state', 'The saved sign-in is being checked. Try again in a moment.')
    const scheme = ctx.authScheme()
    const jwt = ctx.jwt
    if (scheme === 'jwt' && !jwt) return fail('invalid-state', 'Signing in with a device key needs the client id.')
    health.stopHealth()
    log.info('sign-in started', { mode, scheme, clientId: ctx.clientId })
    const session: PinSession = createPinSession({
      mode,
      plex: ctx.plex,
      clock: ctx.clock,
      policy: ctx.policy.pin,
      random: ctx.random,
      onEvent: (event) => onPinEvent(mode, session, event),
      ...(scheme === 'jwt' && jwt ? { deviceAuth: jwt.pinAuth() } : {}),
    })
    failures.delete(mode)
    sessions.set(mode, { session, view: null, retry: null, browserReturn: null })
    session.start()
    publishPins()
    return okVoid
  }

  function onPinEvent(mode: PinMode, session: PinSession, event: PinEvent): void {
    const running = sessions.get(mode)
    // Events of a cancelled or replaced session are dropped here, whatever they carry.
    if (ctx.disposed || running?.session !== session) return
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
          log.warn('plex.tv request failed; retrying', { mode, code, status, retryInMs: event.notice.retryAt - ctx.clock.now() })
        }
        running.retry = event.notice
        return publishPins()
      case 'done': {
        sessions.delete(mode)
        const held = running.browserReturn
        running.browserReturn = null
        // An approved sign-in keeps its return page until the token is saved and a while after,
        // so a browser coming back meanwhile learns how it ended; every other ending closes it now.
        if (event.outcome.kind !== 'approved') held?.close()
        return onPinDone(mode, event.outcome, held)
      }
    }
  }

  function onPinDone(mode: PinMode, outcome: PinOutcome, browserReturn: BrowserReturn | null): void {
    switch (outcome.kind) {
      // A session is only ever cancelled by cancel() or dispose(), which forget it first, so its
      // 'cancelled' never gets here.
      case 'cancelled':
        return
      case 'approved':
        rememberSecret(outcome.token)
        log.info('sign-in approved', { mode, username: outcome.user.username })
        // First approval wins: the other mode's PIN is abandoned before anything else happens.
        stopSessions()
        if (!browserReturn) return void complete(outcome.token, outcome.user)
        // Tracked, so a command waits for a browser still on its way before it exits.
        return ctx.track(completeWithReturn(outcome.token, outcome.user, browserReturn))
      case 'expired':
      case 'failed': {
        const error = outcome.kind === 'expired' ? expiredError(outcome.renewals) : outcome.error
        log.warn('sign-in ended', { mode, code: error.code, status: error.status, message: error.message })
        if (sessions.size > 0) {
          // The other mode is still waiting and may succeed; this one may be tried again.
          failures.set(mode, error)
          return publishPins()
        }
        failures.clear()
        return store.set(outcome.kind === 'expired' ? { kind: 'signed-out', reason: 'expired' } : { kind: 'error', error })
      }
    }
  }

  /**
   * Saves an approved sign-in, then keeps its return page for a browser still on its way back.
   * Done once a visit has been told (or the time is up); the page answers on until its time is up.
   */
  async function completeWithReturn(token: string, user: PlexUser, page: BrowserReturn): Promise<void> {
    lingering.add(page)
    void page.closed.then(() => lingering.delete(page))
    let kept = false
    try {
      await complete(token, user)
      // Only a saved sign-in is worth waiting to tell; a failure is told where it was started.
      kept = !ctx.disposed && store.state().kind === 'signed-in'
      if (kept) await page.linger(ctx.policy.returnLingerMs)
    } finally {
      if (!kept) page.close()
    }
  }

  async function complete(token: string, user: PlexUser): Promise<void> {
    ctx.finishing = true
    const credential: StoredCredential = { accountKey: user.uuid, username: user.username, title: user.title, token }
    // Saved and made active, then put first among the accounts, in one turn of the keychain lock,
    // so that a sign-in finishing in another process at the same moment is listed too. Every other
    // account stays as it is: signing in (again) as one account replaces only that account's
    // entry. getUser already accepted the token (inside the PIN session), so it is worth keeping;
    // the vault replaces the previous entry only when this save succeeds.
    const swapped = await guardVault(() =>
      ctx.vault.exclusively(async () => {
        const previous = await guardVault(() => ctx.vault.loadActive())
        const saved = await guardVault(() => ctx.vault.saveActive(credential))
        if (!saved.ok) return saved
        const previousKey = previous.ok ? (previous.value?.accountKey ?? null) : null
        const listed = await guardVault(() => rememberAccount(ctx.vault, credential.accountKey, previousKey))
        // Not a failed sign-in: the account is saved and active, and the active one is always listed.
        if (!listed.ok) log.warn('the signed-in account could not be added to the list of accounts', { code: listed.error.code, message: listed.error.message })
        return saved
      }),
    )
    const saved = swapped.ok ? swapped.value : swapped
    ctx.finishing = false
    ctx.adding = false
    if (ctx.disposed) return
    if (!saved.ok) {
      log.error('could not save the token', { code: saved.error.code, message: saved.error.message })
      return store.set({ kind: 'error', error: saved.error })
    }
    health.signedIn(credential, user)
  }

  function publishPins(): void {
    if (ctx.finishing || sessions.size === 0) return
    const running = [...sessions.entries()]
    const pins = running.flatMap(([, r]) => (r.view ? [r.view] : []))
    const starting = running.flatMap(([mode, r]) => (r.view ? [] : [mode]))
    const failed = [...failures].map(([mode, error]) => ({ mode, error }))
    const retry = running.find(([, r]) => r.retry !== null)?.[1].retry ?? null
    // 'starting' has no room for a failure: once a mode has failed, 'waiting' shows it at once,
    // even before the other mode's PIN exists. A retry under way it does carry, so a person is not
    // left without a word while plex.tv cannot create the first code.
    if (pins.length === 0 && failed.length === 0) return store.set({ kind: 'starting', modes: starting, ...(retry ? { retry } : {}) })
    store.set({ kind: 'waiting', pins, starting, failed, retry })
  }

  function stopSessions(): void {
    const all = [...sessions.values()]
    // Forget them first, so their own 'cancelled' events find nothing to change.
    sessions.clear()
    failures.clear()
    for (const page of lingering) page.close()
    for (const running of all) {
      running.browserReturn?.close()
      running.browserReturn = null
      running.session.cancel()
    }
  }

  /**
   * The hosted page of the live browser PIN, to open in this machine's browser: it carries the
   * return page's address in `forwardUrl`, armed on the first call (one per sign-in), so polling
   * slows down while the browser's return is awaited. Plain when nothing could listen.
   */
  async function browserAddress(): Promise<string | null> {
    const running = sessions.get('browser')
    if (!running?.view) return null
    if (!running.browserReturn) {
      running.browserReturn = armBrowserReturn({
        session: running.session,
        store,
        clock: ctx.clock,
        log,
        answerWithinMs: RETURN_ANSWER_WITHIN_MS,
        listen: ctx.listenForReturn,
      })
      running.session.armReturn()
    }
    const armed = running.browserReturn
    const returnUrl = await armed.address
    // Ended, or replaced by a new sign-in, while the listener started: nothing to open.
    if (sessions.get('browser') !== running || !running.view) return null
    // Given up meanwhile (the browser did not open): the plain page.
    if (running.browserReturn !== armed) return running.view.url
    // Nothing could listen: the plain page, polled at the usual pace.
    if (returnUrl === null) {
      running.session.disarmReturn()
      return running.view.url
    }
    return ctx.plex.authUrl(running.view.code, returnUrl)
  }

  /** The page could not be opened here, so no browser will come back: poll at the usual pace. */
  function browserNotOpened(): void {
    const running = sessions.get('browser')
    if (!running?.browserReturn) return
    running.browserReturn.close()
    running.browserReturn = null
    running.session.disarmReturn()
  }

  function cancel(): Result<void> {
    if (ctx.disposed) return stopped
    if (ctx.finishing) return saving
    // Adding another account, the way back stays open after its PIN expired or failed.
    if (sessions.size === 0 && !ctx.adding) return fail('invalid-state', 'No sign-in is running.')
    stopSessions()
    if (ctx.adding) {
      ctx.adding = false
      log.info('adding an account cancelled; back to the active account')
      // The keychain's active account, checked as at start: another process may have changed it meanwhile.
      void ctx.serial(() => health.reload())
      return okVoid
    }
    log.info('sign-in cancelled')
    store.set({ kind: 'signed-out', reason: 'cancelled' })
    return okVoid
  }

  return {
    start,
    add,
    cancel,
    pin: (mode) => sessions.get(mode)?.view ?? undefined,
    browserAddress,
    browserNotOpened,
    stopSessions,
  }
}
