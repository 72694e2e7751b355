import type { AppError, RetryNotice } from '../../../preload/api'
import { plainError } from '../plex/plain-error'
import type { PlexError, PlexPin, PlexResult, PlexUser } from '../plex/plex-types'
import { type BackoffPolicy, isTransient, type Random, retryDelay } from './backoff'

/**
 * The life of one PIN as a pure state machine: `stepPin(phase, input, context)` returns the next
 * phase and the effects to perform. It never touches the network, a timer or the clock itself; the
 * runner (pin-session.ts) performs the effects and feeds their results back as inputs.
 *
 * Requests are strictly serial: at most one request or one timer is outstanding at any moment, so
 * "the latest thing the runner started" is the only thing whose result may be accepted.
 */

export interface PinPolicy {
  /** Pause between two polls of a pending PIN (plex.tv's own guide says once a second). */
  readonly pollIntervalMs: number
  /**
   * The pause between polls of a browser PIN while its return page waits for the browser to come
   * back: the visit says at once when to look, so polling is only the fallback for a browser that
   * never returns (approved on another device, or the page ignored the return address).
   */
  readonly returnPollIntervalMs: number
  /** Replace the PIN this long before it expires, so the code on screen is never a dead one. */
  readonly renewBeforeMs: number
  /** How many times a PIN may be replaced by a fresh one before the session gives up. */
  readonly maxRenewals: number
  /**
   * Consecutive failures tolerated when creating the first PIN or reading the account, and
   * consecutive unreadable answers while polling. Transient polling failures are not counted: they
   * are bounded by the PIN's own lifetime, and its renewal; nor are transient failures to create a
   * replacement PIN, bounded by `renewalOutageMs`.
   */
  readonly maxFailures: number
  /**
   * How long plex.tv may stay unreachable while a replacement PIN is being created before the
   * session gives up: as long as polling would have waited out the same outage (a code's life).
   */
  readonly renewalOutageMs: number
  /**
   * Retries while a person waits for the code: a short ceiling, so that the first try after plex.tv
   * recovers comes within seconds (Retry-After still wins when plex.tv sends it).
   */
  readonly backoff: BackoffPolicy
}

/** The waiting backoff: full jitter up to 4 s, so a recovery shows within about 5 s. */
export const waitingBackoff: BackoffPolicy = { baseMs: 1_000, capMs: 4_000, minMs: 1_000, maxRetryAfterMs: 5 * 60_000 }

export const defaultPinPolicy: PinPolicy = {
  pollIntervalMs: 1_000,
  returnPollIntervalMs: 5_000,
  renewBeforeMs: 30_000,
  maxRenewals: 3,
  maxFailures: 5,
  renewalOutageMs: 15 * 60_000,
  backoff: waitingBackoff,
}

/**
 * How a session ends. Only `approved` carries the token; it never leaves main. `expired`: the PIN
 * and each of its `renewals` ran out unused, which is no failure of plex.tv or of this machine.
 */
export type PinOutcome =
  | { readonly kind: 'approved'; readonly token: string; readonly user: PlexUser }
  | { readonly kind: 'expired'; readonly renewals: number }
  | { readonly kind: 'failed'; readonly error: AppError }
  | { readonly kind: 'cancelled' }

export type PinPhase =
  | { readonly kind: 'idle' }
  /**
   * Asking for a PIN (the first one, or a replacement while `renewals` > 0). A replacement's
   * transient failures end the session only at `giveUpAt`; the first PIN's after `maxFailures`.
   */
  | { readonly kind: 'creating'; readonly renewals: number; readonly failures: number; readonly giveUpAt: number }
  | {
      readonly kind: 'polling'
      readonly pin: PlexPin
      readonly renewals: number
      /** When to stop polling this PIN and ask for a new one. */
      readonly renewAt: number
      /** Consecutive failures of any kind: drives the backoff and whether a retry notice is up. */
      readonly failures: number
      readonly badResponses: number
    }
  /** Approved: reading the account behind the token before anyone is told. */
  | { readonly kind: 'verifying'; readonly token: string; readonly failures: number }
  | { readonly kind: 'done'; readonly outcome: PinOutcome }

export type PinInput =
  | { readonly kind: 'start' }
  | { readonly kind: 'wake' }
  | { readonly kind: 'created'; readonly result: PlexResult<PlexPin> }
  | { readonly kind: 'checked'; readonly result: PlexResult<PlexPin> }
  | { readonly kind: 'user'; readonly result: PlexResult<PlexUser> }
  /** A request threw instead of returning an error: a bug somewhere below, not a plex.tv answer. */
  | { readonly kind: 'crashed'; readonly error: AppError }
  /** A step failed on this machine, not at plex.tv (the keychain refused the device key). */
  | { readonly kind: 'failed'; readonly error: AppError }
  | { readonly kind: 'cancel' }
  /** The browser came back to the return page: look now rather than at the next poll. */
  | { readonly kind: 'poll-now' }
  /** The return page will not be visited after all: the waiting poll comes at the usual pace. */
  | { readonly kind: 'return-disarmed' }

export type PinEffect =
  | { readonly kind: 'create-pin' }
  | { readonly kind: 'check-pin'; readonly id: number }
  | { readonly kind: 'get-user'; readonly token: string }
  /** Feed a `wake` input at this time (replaces any timer already set). */
  | { readonly kind: 'wake-at'; readonly at: number }
  | { readonly kind: 'show-pin'; readonly pin: PlexPin; readonly renewals: number }
  | { readonly kind: 'retry'; readonly notice: RetryNotice | null }
  /** Abort the request in flight and clear the timer. */
  | { readonly kind: 'halt' }
  | { readonly kind: 'finish'; readonly outcome: PinOutcome }

export interface PinContext {
  readonly now: number
  readonly policy: PinPolicy
  readonly random: Random
  /** A return page waits for the browser: poll at `returnPollIntervalMs`. */
  readonly returnArmed?: boolean
}

export interface PinStep {
  readonly phase: PinPhase
  readonly effects: readonly PinEffect[]
}

export function stepPin(phase: PinPhase, input: PinInput, context: PinContext): PinStep {
  if (phase.kind === 'done') return { phase, effects: [] }
  if (input.kind === 'cancel') return finish({ kind: 'cancelled' })
  if (input.kind === 'crashed' || input.kind === 'failed') return finish({ kind: 'failed', error: input.error })

  switch (phase.kind) {
    case 'idle':
      if (input.kind !== 'start') return unchanged(phase)
      return {
        phase: { kind: 'creating', renewals: 0, failures: 0, giveUpAt: Number.POSITIVE_INFINITY },
        effects: [{ kind: 'create-pin' }],
      }
    case 'creating':
      if (input.kind === 'wake') return { phase, effects: [{ kind: 'create-pin' }] }
      if (input.kind === 'created') return onCreated(phase, input.result, context)
      return unchanged(phase)
    case 'polling':
      if (input.kind === 'wake') {
        if (context.now >= phase.renewAt) return renew(phase, context)
        return { phase, effects: [{ kind: 'check-pin', id: phase.pin.id }] }
      }
      if (input.kind === 'checked') return onChecked(phase, input.result, context)
      // A failure's backoff (and plex.tv's Retry-After) wins over both: the poll after it comes soon.
      if (phase.failures > 0) return unchanged(phase)
      if (input.kind === 'poll-now') return { phase, effects: [{ kind: 'check-pin', id: phase.pin.id }] }
      if (input.kind === 'return-disarmed') return { phase, effects: [nextPoll(phase.renewAt, context)] }
      return unchanged(phase)
    case 'verifying':
      if (input.kind === 'wake') return { phase, effects: [{ kind: 'get-user', token: phase.token }] }
      if (input.kind === 'user') return onUser(phase, input.result, context)
      return unchanged(phase)
  }
}

function onCreated(
  phase: Extract<PinPhase, { kind: 'creating' }>,
  result: PlexResult<PlexPin>,
  context: PinContext,
): PinStep {
  if (!result.ok) {
    const failures = phase.failures + 1
    const renewing = phase.renewals > 0
    // A replacement is transient like polling: the person is still there, watching for the code.
    const outOfTries = renewing ? context.now >= phase.giveUpAt : failures >= context.policy.maxFailures
    if (!isTransient(result.error) || outOfTries) {
      return finish({ kind: 'failed', error: ipcError(result.error, context) })
    }
    return retryLater({ ...phase, failures }, result.error, failures, context, phase.giveUpAt)
  }
  const pin = result.value
  const next: PinPhase = {
    kind: 'polling',
    pin,
    renewals: phase.renewals,
    renewAt: renewTime(pin, context),
    failures: 0,
    badResponses: 0,
  }
  return {
    phase: next,
    effects: [
      { kind: 'show-pin', pin, renewals: phase.renewals },
      ...clearNotice(phase.failures),
      nextPoll(next.renewAt, context),
    ],
  }
}

function onChecked(
  phase: Extract<PinPhase, { kind: 'polling' }>,
  result: PlexResult<PlexPin>,
  context: PinContext,
): PinStep {
  if (result.ok) {
    const token = result.value.authToken
    if (token) {
      return {
        phase: { kind: 'verifying', token, failures: 0 },
        effects: [...clearNotice(phase.failures), { kind: 'get-user', token }],
      }
    }
    return {
      phase: { ...phase, failures: 0, badResponses: 0 },
      effects: [
        ...clearNotice(phase.failures),
        nextPoll(phase.renewAt, context),
      ],
    }
  }
  const error = result.error
  // 404/1020: plex.tv no longer knows this PIN (expired early, or our clocks disagree): a fresh
  // one is the only way forward, and it counts against the same renewal budget.
  if (error.code === 'pin-expired') return renew(phase, context)
  // A 498 to the device JWT we polled with (device-key sign-in): it expired sooner than our clock
  // said. The runner signs a fresh one for the next poll; bounded like unreadable answers, in case
  // the clocks never agree.
  if (error.code === 'bad-response' || error.tokenExpired) {
    const badResponses = phase.badResponses + 1
    if (badResponses >= context.policy.maxFailures) return finish({ kind: 'failed', error: ipcError(error, context) })
    return retryLater({ ...phase, badResponses, failures: phase.failures + 1 }, error, phase.failures + 1, context, phase.renewAt)
  }
  if (!isTransient(error)) return finish({ kind: 'failed', error: ipcError(error, context) })
  return retryLater({ ...phase, failures: phase.failures + 1 }, error, phase.failures + 1, context, phase.renewAt)
}

function onUser(
  phase: Extract<PinPhase, { kind: 'verifying' }>,
  result: PlexResult<PlexUser>,
  context: PinContext,
): PinStep {
  if (result.ok) return finish({ kind: 'approved', token: phase.token, user: result.value })
  const failures = phase.failures + 1
  const retryable = isTransient(result.error) || result.error.code === 'bad-response'
  if (!retryable || failures >= context.policy.maxFailures) {
    return finish({ kind: 'failed', error: ipcError(result.error, context) })
  }
  return retryLater({ ...phase, failures }, result.error, failures, context)
}

function renew(phase: Extract<PinPhase, { kind: 'polling' }>, context: PinContext): PinStep {
  if (phase.renewals >= context.policy.maxRenewals) return finish({ kind: 'expired', renewals: phase.renewals })
  return {
    phase: { kind: 'creating', renewals: phase.renewals + 1, failures: 0, giveUpAt: context.now + context.policy.renewalOutageMs },
    effects: [...clearNotice(phase.failures), { kind: 'create-pin' }],
  }
}

/** Schedules the same request again after a backoff, never later than `deadline`. */
function retryLater(
  phase: PinPhase,
  error: PlexError,
  failures: number,
  context: PinContext,
  deadline = Number.POSITIVE_INFINITY,
): PinStep {
  const delay = retryDelay(context.policy.backoff, failures, context.random, error.retryAfterMs)
  const at = Math.min(context.now + delay, deadline)
  return {
    phase,
    effects: [
      { kind: 'retry', notice: { error: ipcError(error, context), retryAt: at } },
      { kind: 'wake-at', at },
    ],
  }
}

/**
 * When to replace a PIN: `renewBeforeMs` before it expires, but never in the first half of its
 * life (a short-lived PIN must still get polled). If our clock is so far ahead that the PIN looks
 * expired already, there is no sensible local deadline: plex.tv's 404/1020 says when it is gone.
 */
function renewTime(pin: PlexPin, context: PinContext): number {
  const lifetime = pin.expiresAt - context.now
  if (lifetime <= 0) return Number.POSITIVE_INFINITY
  return Math.max(pin.expiresAt - context.policy.renewBeforeMs, context.now + lifetime / 2)
}

/** The next regular poll, never later than the PIN's renewal. */
function nextPoll(renewAt: number, context: PinContext): PinEffect {
  const interval = context.returnArmed ? context.policy.returnPollIntervalMs : context.policy.pollIntervalMs
  return { kind: 'wake-at', at: Math.min(context.now + interval, renewAt) }
}

function clearNotice(failures: number): readonly PinEffect[] {
  return failures > 0 ? [{ kind: 'retry', notice: null }] : []
}

function finish(outcome: PinOutcome): PinStep {
  return { phase: { kind: 'done', outcome }, effects: [{ kind: 'halt' }, { kind: 'finish', outcome }] }
}

function unchanged(phase: PinPhase): PinStep {
  return { phase, effects: [] }
}

/** The error as the window gets it, a Retry-After capped as the backoff caps it. */
function ipcError(error: PlexError, context: PinContext): AppError {
  return plainError(error, context.now, context.policy.backoff.maxRetryAfterMs)
}
