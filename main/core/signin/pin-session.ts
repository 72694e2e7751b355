import type { PinMode, PinView, RetryNotice } from '../../../preload/api'
import type { Clock, TimerHandle } from '../clock'
import type { LocalFailure, PinDeviceAuth } from '../jwt/pin-device-auth'
import type { PlexClient, PlexPin, PlexResult } from '../plex/plex-types'
import type { Random } from './backoff'
import {
  defaultPinPolicy,
  type PinEffect,
  type PinInput,
  type PinOutcome,
  type PinPhase,
  type PinPolicy,
  stepPin,
} from './pin-machine'

export type PinEvent =
  | { readonly kind: 'pin'; readonly view: PinView }
  | { readonly kind: 'retry'; readonly notice: RetryNotice | null }
  | { readonly kind: 'done'; readonly outcome: PinOutcome }

/**
 * What a poll asked for by the return page found: the PIN still waits for approval, plex.tv has
 * issued its token (the account is being read), or the session is over without a token.
 */
export type PollAnswer = 'pending' | 'approved' | 'ended'

export interface PinSessionOptions {
  readonly mode: PinMode
  readonly plex: PlexClient
  readonly clock: Clock
  readonly policy?: Partial<PinPolicy>
  readonly random?: Random
  /** Called synchronously for every change; may call `cancel()` on any session. */
  readonly onEvent?: (event: PinEvent) => void
  /**
   * Sign in with the device key (JWT scheme): each PIN carries the public key, each poll a device
   * JWT, and the Plex JWT of an approved PIN is verified before it is used. Absent: legacy token.
   */
  readonly deviceAuth?: PinDeviceAuth
}

/**
 * One PIN in one mode, from creation to a terminal outcome. Everything it has to say (the PIN to
 * show, a retry under way, the outcome) arrives through `onEvent`, once per change.
 */
export interface PinSession {
  /** Creates the first PIN; a second call does nothing. */
  start(): void
  /** Stops at once: aborts the request in flight, clears the timer; nothing is sent afterwards. */
  cancel(): void
  /** A return page now waits for the browser: poll at the calmer return interval. */
  armReturn(): void
  /** The return page will not be visited (the browser did not open): back to the usual pace. */
  disarmReturn(): void
  /**
   * The browser came back to the return page. The first visit after arming polls at once (and
   * disarms: approval is near, so polling goes back to its usual pace); a later one waits for the
   * next regular poll, so reloading the page never adds requests. Resolves with what that poll found.
   */
  pollNow(): Promise<PollAnswer>
}

export function createPinSession(options: PinSessionOptions): PinSession {
  const { mode, plex, clock, deviceAuth } = options
  const policy: PinPolicy = { ...defaultPinPolicy, ...options.policy }
  const random = options.random ?? Math.random
  const strong = mode === 'browser'

  let phase: PinPhase = { kind: 'idle' }
  let timer: TimerHandle | null = null
  let inFlight: AbortController | null = null
  // Every request and timer takes a ticket; a continuation whose ticket is no longer the latest
  // (cancelled, or replaced by a newer step) is dropped without a look at its result.
  let ticket = 0
  const queue: PinInput[] = []
  let draining = false
  let returnArmed = false
  /** Visits waiting for the answer of the next poll. */
  let waiters: ((answer: PollAnswer) => void)[] = []

  function dispatch(input: PinInput): void {
    queue.push(input)
    // A listener may call cancel() from inside an event: queue it behind the current step so the
    // step's remaining effects (say, a timer) run first and are then undone by the cancel.
    if (draining) return
    draining = true
    try {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const step = stepPin(phase, next, { now: clock.now(), policy, random, returnArmed })
        phase = step.phase
        for (const effect of step.effects) perform(effect)
        const answer = pollAnswer(next, step.effects)
        if (answer) settleWaiters(answer)
      }
    } finally {
      draining = false
    }
  }

  /** What the waiting visits learn from this step, if anything yet. */
  function pollAnswer(input: PinInput, effects: readonly PinEffect[]): PollAnswer | null {
    const known = answerFromPhase()
    if (known) return known
    if (input.kind === 'checked') return 'pending'
    // Asked to look now but backing off, or between PINs: no poll is coming at once.
    if (input.kind === 'poll-now' && !effects.some((e) => e.kind === 'check-pin')) return 'pending'
    return null
  }

  function answerFromPhase(): PollAnswer | null {
    if (phase.kind === 'verifying') return 'approved'
    if (phase.kind === 'done') return phase.outcome.kind === 'approved' ? 'approved' : 'ended'
    return null
  }

  function settleWaiters(answer: PollAnswer): void {
    const settled = waiters
    waiters = []
    for (const resolve of settled) resolve(answer)
  }

  function pollNow(): Promise<PollAnswer> {
    return new Promise((resolve) => {
      const known = answerFromPhase()
      if (known) return resolve(known)
      waiters.push(resolve)
      if (!returnArmed) return
      returnArmed = false
      dispatch({ kind: 'poll-now' })
    })
  }

  function disarmReturn(): void {
    if (!returnArmed) return
    returnArmed = false
    // Only a waiting timer is rescheduled; a poll in flight schedules the next one at the new pace.
    if (timer !== null) dispatch({ kind: 'return-disarmed' })
  }

  function perform(effect: PinEffect): void {
    switch (effect.kind) {
      case 'create-pin':
        return request((signal) => createPin(signal), (result) => ({ kind: 'created', result }))
      case 'check-pin':
        return request((signal) => checkPin(effect.id, signal), (result) => ({ kind: 'checked', result }))
      case 'get-user':
        return request((signal) => getUser(effect.token, signal), (result) => ({ kind: 'user', result }))
      case 'wake-at': {
        halt()
        const mine = ticket
        timer = clock.setTimeout(
          () => {
            if (mine !== ticket) return
            timer = null
            dispatch({ kind: 'wake' })
          },
          Math.max(0, effect.at - clock.now()),
        )
        return
      }
      case 'show-pin':
        return emit({ kind: 'pin', view: toView(effect.pin, effect.renewals) })
      case 'retry':
        return emit({ kind: 'retry', notice: effect.notice })
      case 'halt':
        return halt()
      case 'finish':
        return emit({ kind: 'done', outcome: effect.outcome })
    }
  }

  async function createPin(signal: AbortSignal): Promise<PlexResult<PlexPin> | LocalFailure> {
    if (!deviceAuth) return plex.createPin({ strong, signal })
    const jwk = await deviceAuth.publicJwk()
    if (!jwk.ok) return { ok: false, local: jwk.error }
    return plex.createPin({ strong, jwk: jwk.value, signal })
  }

  async function checkPin(id: number, signal: AbortSignal): Promise<PlexResult<PlexPin> | LocalFailure> {
    if (!deviceAuth) return plex.checkPin(id, { signal })
    const deviceJWT = await deviceAuth.deviceJwt(signal)
    if (!deviceJWT.ok) return deviceJWT
    const result = await plex.checkPin(id, { deviceJWT: deviceJWT.value, signal })
    if (!result.ok && result.error.tokenExpired) deviceAuth.invalidate()
    return result
  }

  async function getUser(token: string, signal: AbortSignal): ReturnType<PlexClient['getUser']> {
    if (deviceAuth) {
      // A Plex JWT is used only once it has passed verification.
      const verified = await deviceAuth.verifyToken(token, signal)
      if (!verified.ok) return verified
    }
    return plex.getUser(token, { signal })
  }

  function request<T>(
    send: (signal: AbortSignal) => Promise<PlexResult<T> | LocalFailure>,
    toInput: (result: PlexResult<T>) => PinInput,
  ): void {
    halt()
    const mine = ticket
    const controller = new AbortController()
    inFlight = controller
    const accept = (input: PinInput): void => {
      if (mine !== ticket) return
      inFlight = null
      dispatch(input)
    }
    let pending: Promise<PlexResult<T> | LocalFailure>
    try {
      pending = send(controller.signal)
    } catch (error) {
      pending = Promise.reject(error)
    }
    pending.then(
      (result) => accept('local' in result ? { kind: 'failed', error: result.local } : toInput(result)),
      // The client returns errors as data; a throw is a bug. Its text may quote anything (even a
      // request), so it is not shown: the session ends with a plain message instead.
      () =>
        accept({
          kind: 'crashed',
          error: { code: 'unknown', message: 'Sign-in stopped on an internal error. Try again.', retryable: true },
        }),
    )
  }

  /** Ends whatever is outstanding; bumping the ticket makes any late continuation a no-op. */
  function halt(): void {
    ticket += 1
    if (timer !== null) {
      clock.clearTimeout(timer)
      timer = null
    }
    if (inFlight !== null) {
      inFlight.abort()
      inFlight = null
    }
  }

  function emit(event: PinEvent): void {
    options.onEvent?.(event)
  }

  function toView(pin: PlexPin, renewals: number): PinView {
    return {
      mode,
      pinId: pin.id,
      code: pin.code,
      url: strong ? plex.authUrl(pin.code) : plex.linkUrl,
      qrPayload: strong ? null : linkQrPayload(plex.linkUrl, pin.code),
      expiresAt: pin.expiresAt,
      renewals,
    }
  }

  return {
    start: () => dispatch({ kind: 'start' }),
    cancel: () => dispatch({ kind: 'cancel' }),
    armReturn: () => {
      returnArmed = true
    },
    disarmReturn,
    pollNow,
  }
}

/**
 * What the link-mode QR code encodes: plex.tv/link with the code as `?pin=`. Only Plex's developer
 * documentation mentions this prefill form, and nothing confirms plex.tv honours it; if plex.tv
 * ignores the query, the scan still lands on the page where the code shown beside the QR is typed,
 * so it degrades to the manual path.
 */
export function linkQrPayload(linkUrl: string, code: string): string {
  const url = new URL(linkUrl)
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  url.searchParams.set('pin', code)
  return url.toString()
}
