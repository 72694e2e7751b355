import { describe, expect, it } from 'vitest'
import type { PlexError, PlexPin, PlexResult, PlexUser } from '../../main/core/plex/plex-types'
import { retryDelay } from '../../main/core/signin/backoff'
import {
  defaultPinPolicy,
  type PinContext,
  type PinEffect,
  type PinInput,
  type PinPhase,
  type PinPolicy,
  stepPin,
} from '../../main/core/signin/pin-machine'

// The PIN state machine is pure: these tests drive it with chosen times and answers, no HTTP.
const policy: PinPolicy = {
  pollIntervalMs: 1_000,
  returnPollIntervalMs: 5_000,
  renewBeforeMs: 30_000,
  maxRenewals: 2,
  maxFailures: 3,
  renewalOutageMs: 60_000,
  backoff: { baseMs: 1_000, capMs: 30_000, minMs: 1_000, maxRetryAfterMs: 60_000 },
}
const T0 = 1_000_000
const EXPIRES = T0 + 900_000
const ctx = (now: number, random = () => 0.5): PinContext => ({ now, policy, random })

const pin = (id: number, expiresAt: number, authToken: string | null = null): PlexPin => ({
  id,
  code: `code${id}`,
  clientIdentifier: 'client',
  expiresAt,
  authToken,
})
const okPin = (p: PlexPin): PlexResult<PlexPin> => ({ ok: true, value: p })
function failed(code: PlexError['code'], status?: number, retryAfterMs?: number): { ok: false; error: PlexError } {
  const extra = { ...(status ? { status } : {}), ...(retryAfterMs ? { retryAfterMs } : {}) }
  return { ok: false, error: { code, message: `${code} happened`, retryable: true, ...extra } }
}
const polling = (renewAt = EXPIRES - 30_000): PinPhase => ({
  kind: 'polling',
  pin: pin(7, EXPIRES),
  renewals: 0,
  renewAt,
  failures: 0,
  badResponses: 0,
})
const user: PlexUser = { id: 1, uuid: 'u1', username: 'ann', title: 'Ann', email: 'a@x', thumb: null, hasPlexPass: false }

/** Runs inputs in order, returning the last phase and every effect. */
function run(inputs: readonly [PinInput, number][], from: PinPhase = { kind: 'idle' }) {
  let phase = from
  const effects: PinEffect[] = []
  for (const [input, now] of inputs) {
    const step = stepPin(phase, input, ctx(now))
    phase = step.phase
    effects.push(...step.effects)
  }
  return { phase, effects }
}


describe('stepPin', () => {
  it('creates, shows and polls once a second until approved, then reads the account', () => {
    const { phase, effects } = run([
      [{ kind: 'start' }, T0],
      [{ kind: 'created', result: okPin(pin(7, EXPIRES)) }, T0 + 10],
      [{ kind: 'wake' }, T0 + 1_010],
      [{ kind: 'checked', result: okPin(pin(7, EXPIRES)) }, T0 + 1_020],
      [{ kind: 'wake' }, T0 + 2_020],
      [{ kind: 'checked', result: okPin(pin(7, EXPIRES, 'tok')) }, T0 + 2_030],
      [{ kind: 'user', result: { ok: true, value: user } }, T0 + 2_040],
    ])
    expect(effects).toEqual([
      { kind: 'create-pin' },
      { kind: 'show-pin', pin: pin(7, EXPIRES), renewals: 0 },
      { kind: 'wake-at', at: T0 + 1_010 },
      { kind: 'check-pin', id: 7 },
      { kind: 'wake-at', at: T0 + 2_020 },
      { kind: 'check-pin', id: 7 },
      { kind: 'get-user', token: 'tok' },
      { kind: 'halt' },
      { kind: 'finish', outcome: { kind: 'approved', token: 'tok', user } },
    ])
    expect(phase).toEqual({ kind: 'done', outcome: { kind: 'approved', token: 'tok', user } })
  })

  it('backs off with jitter on 429 and clears the notice after the next success', () => {
    const from = polling()
    const first = stepPin(from, { kind: 'checked', result: failed('rate-limited', 429) }, ctx(T0, () => 0.75))
    // First failure: window 2 s, draw 0.75 -> 1.5 s.
    expect(first.effects).toEqual([
      {
        kind: 'retry',
        notice: {
          error: { code: 'rate-limited', message: 'rate-limited happened', retryable: true, status: 429 },
          retryAt: T0 + 1_500,
        },
      },
      { kind: 'wake-at', at: T0 + 1_500 },
    ])
    const second = stepPin(first.phase, { kind: 'checked', result: failed('network') }, ctx(T0 + 2_000, () => 0.75))
    // Second failure: window 4 s -> 3 s.
    expect(second.effects.at(-1)).toEqual({ kind: 'wake-at', at: T0 + 5_000 })
    const recovered = stepPin(second.phase, { kind: 'checked', result: okPin(pin(7, EXPIRES)) }, ctx(T0 + 5_100))
    expect(recovered.effects).toEqual([{ kind: 'retry', notice: null }, { kind: 'wake-at', at: T0 + 6_100 }])
    expect(recovered.phase).toMatchObject({ kind: 'polling', failures: 0 })
  })

  it('waits exactly as long as Retry-After says', () => {
    const from = polling()
    const step = stepPin(from, { kind: 'checked', result: failed('rate-limited', 429, 12_000) }, ctx(T0))
    expect(step.effects.at(-1)).toEqual({ kind: 'wake-at', at: T0 + 12_000 })
  })

  it('never backs off past the renewal time', () => {
    const from = polling(T0 + 2_000)
    const step = stepPin(from, { kind: 'checked', result: failed('rate-limited', 429, 50_000) }, ctx(T0))
    expect(step.effects.at(-1)).toEqual({ kind: 'wake-at', at: T0 + 2_000 })
  })

  it('renews shortly before expiry, counting renewals, then gives up', () => {
    const created = run([
      [{ kind: 'start' }, T0],
      [{ kind: 'created', result: okPin(pin(1, T0 + 100_000)) }, T0],
    ])
    expect(created.phase).toMatchObject({ kind: 'polling', renewAt: T0 + 70_000 })
    let phase = created.phase
    for (let renewal = 1; renewal <= 2; renewal++) {
      const now = T0 + 70_000 * renewal
      const wake = stepPin(phase, { kind: 'wake' }, ctx(now))
      expect(wake.phase).toEqual({ kind: 'creating', renewals: renewal, failures: 0, giveUpAt: now + 60_000 })
      expect(wake.effects).toEqual([{ kind: 'create-pin' }])
      const fresh = pin(1 + renewal, now + 100_000)
      const next = stepPin(wake.phase, { kind: 'created', result: okPin(fresh) }, ctx(now))
      expect(next.effects[0]).toEqual({ kind: 'show-pin', pin: fresh, renewals: renewal })
      phase = next.phase
    }
    const exhausted = stepPin(phase, { kind: 'wake' }, ctx(T0 + 210_000))
    expect(exhausted.phase).toEqual({ kind: 'done', outcome: { kind: 'expired', renewals: 2 } })
  })

  it('polls a short-lived PIN for half its life before renewing', () => {
    const step = run([
      [{ kind: 'start' }, T0],
      [{ kind: 'created', result: okPin(pin(1, T0 + 4_000)) }, T0],
    ])
    expect(step.phase).toMatchObject({ kind: 'polling', renewAt: T0 + 2_000 })
  })

  it('relies on plex.tv to say when the PIN is gone if our clock says it already is', () => {
    const step = run([
      [{ kind: 'start' }, T0],
      [{ kind: 'created', result: okPin(pin(1, T0 - 60_000)) }, T0],
    ])
    expect(step.phase).toMatchObject({ kind: 'polling', renewAt: Number.POSITIVE_INFINITY })
    expect(step.effects.at(-1)).toEqual({ kind: 'wake-at', at: T0 + 1_000 })
  })

  it('treats 404/1020 on poll as expiry and renews', () => {
    const from = polling()
    const step = stepPin(from, { kind: 'checked', result: failed('pin-expired', 404) }, ctx(T0))
    expect(step.phase).toEqual({ kind: 'creating', renewals: 1, failures: 0, giveUpAt: T0 + 60_000 })
    expect(step.effects).toEqual([{ kind: 'create-pin' }])
  })

  it('ends on a persistent 4xx, and after repeated unreadable answers', () => {
    const from = polling()
    const forbidden = stepPin(from, { kind: 'checked', result: failed('plex-error', 403) }, ctx(T0))
    expect(forbidden.phase).toMatchObject({ kind: 'done', outcome: { kind: 'failed', error: { code: 'plex-error', status: 403 } } })

    let phase: PinPhase = from
    const bad = { kind: 'checked', result: failed('bad-response', 200) } as const
    phase = stepPin(phase, bad, ctx(T0)).phase
    phase = stepPin(phase, bad, ctx(T0)).phase
    expect(phase.kind).toBe('polling')
    phase = stepPin(phase, bad, ctx(T0)).phase
    expect(phase).toMatchObject({ kind: 'done', outcome: { kind: 'failed', error: { code: 'bad-response' } } })
  })

  it('gives up creating after maxFailures transient failures, at once on a 4xx', () => {
    let phase = stepPin({ kind: 'idle' }, { kind: 'start' }, ctx(T0)).phase
    phase = stepPin(phase, { kind: 'created', result: failed('network') }, ctx(T0)).phase
    phase = stepPin(phase, { kind: 'created', result: failed('timeout') }, ctx(T0)).phase
    expect(phase).toEqual({ kind: 'creating', renewals: 0, failures: 2, giveUpAt: Number.POSITIVE_INFINITY })
    phase = stepPin(phase, { kind: 'created', result: failed('network') }, ctx(T0)).phase
    expect(phase).toMatchObject({ kind: 'done', outcome: { kind: 'failed', error: { code: 'network' } } })

    const refused = run([
      [{ kind: 'start' }, T0],
      [{ kind: 'created', result: failed('plex-error', 400) }, T0],
    ])
    expect(refused.phase).toMatchObject({ kind: 'done', outcome: { kind: 'failed', error: { code: 'plex-error' } } })
  })

  it('keeps creating a replacement PIN through an outage, with a notice per try, until the outage limit', () => {
    // Polling PIN 7 reaches its renewal time while plex.tv is down.
    let phase = stepPin(polling(T0), { kind: 'wake' }, ctx(T0)).phase
    expect(phase).toEqual({ kind: 'creating', renewals: 1, failures: 0, giveUpAt: T0 + 60_000 })
    let now = T0
    // Far more failures than maxFailures (3): each only schedules the next try, never past giveUpAt.
    for (let i = 1; i <= 8; i++) {
      const step = stepPin(phase, { kind: 'created', result: failed('plex-error', 503) }, ctx(now, () => 0.2))
      expect(step.phase).toMatchObject({ kind: 'creating', failures: i })
      const wake = step.effects.find((e) => e.kind === 'wake-at')
      expect(step.effects[0]).toMatchObject({ kind: 'retry', notice: { error: { code: 'plex-error', status: 503 } } })
      expect(wake).toBeDefined()
      const at = wake?.kind === 'wake-at' ? wake.at : 0
      expect(at).toBeLessThanOrEqual(T0 + 60_000)
      now = at
      phase = stepPin(step.phase, { kind: 'wake' }, ctx(now)).phase
    }
    // plex.tv is back: the new code shows, the notice goes, polling resumes.
    const back = stepPin(phase, { kind: 'created', result: okPin(pin(8, now + 900_000)) }, ctx(now))
    expect(back.phase).toMatchObject({ kind: 'polling', renewals: 1, failures: 0 })
    expect(back.effects.slice(0, 2)).toEqual([{ kind: 'show-pin', pin: pin(8, now + 900_000), renewals: 1 }, { kind: 'retry', notice: null }])

    // An outage that outlasts the limit ends the session as plex.tv unreachable.
    const late = stepPin(phase, { kind: 'created', result: failed('network') }, ctx(T0 + 60_000))
    expect(late.phase).toMatchObject({ kind: 'done', outcome: { kind: 'failed', error: { code: 'network' } } })
  })

  it('waits at most 4 s between tries by default while a person watches, unless plex.tv says otherwise', () => {
    for (const failures of [1, 3, 10, 30]) {
      expect(retryDelay(defaultPinPolicy.backoff, failures, () => 0.999)).toBeLessThanOrEqual(4_000)
      expect(retryDelay(defaultPinPolicy.backoff, failures, () => 0)).toBe(1_000)
    }
    expect(retryDelay(defaultPinPolicy.backoff, 1, () => 0.5, 20_000)).toBe(20_000)
  })

  it('cancels from any live phase and ignores everything afterwards', () => {
    const phases: PinPhase[] = [
      { kind: 'idle' },
      { kind: 'creating', renewals: 0, failures: 0, giveUpAt: Number.POSITIVE_INFINITY },
      polling(EXPIRES),
      { kind: 'verifying', token: 'tok', failures: 0 },
    ]
    for (const phase of phases) {
      const step = stepPin(phase, { kind: 'cancel' }, ctx(T0))
      expect(step.phase).toEqual({ kind: 'done', outcome: { kind: 'cancelled' } })
      expect(step.effects).toEqual([{ kind: 'halt' }, { kind: 'finish', outcome: { kind: 'cancelled' } }])
      const late = stepPin(step.phase, { kind: 'checked', result: okPin(pin(7, EXPIRES, 'tok')) }, ctx(T0))
      expect(late).toEqual({ phase: step.phase, effects: [] })
    }
  })

  it('publishes the retry-after hint as the time it points to, not as a wait', () => {
    const from = polling(EXPIRES)
    const step = stepPin(from, { kind: 'checked', result: failed('rate-limited', 429, 3_000) }, ctx(T0))
    const retry = step.effects[0]
    expect(retry?.kind).toBe('retry')
    const error = retry?.kind === 'retry' ? retry.notice?.error : undefined
    expect(Object.keys(error ?? {}).sort()).toEqual(['code', 'message', 'retryAt', 'retryable', 'status'])
    expect(error?.retryAt).toBe(T0 + 3_000)
  })
})

describe('stepPin with a return page', () => {
  const armed = (now: number): PinContext => ({ ...ctx(now), returnArmed: true })

  it('polls at the return interval while armed, never past the renewal', () => {
    const created = stepPin({ kind: 'creating', renewals: 0, failures: 0, giveUpAt: Number.POSITIVE_INFINITY }, { kind: 'created', result: okPin(pin(7, EXPIRES)) }, armed(T0))
    expect(created.effects.at(-1)).toEqual({ kind: 'wake-at', at: T0 + 5_000 })
    const checked = stepPin(polling(), { kind: 'checked', result: okPin(pin(7, EXPIRES)) }, armed(T0))
    expect(checked.effects).toEqual([{ kind: 'wake-at', at: T0 + 5_000 }])
    const nearRenewal = stepPin(polling(T0 + 2_000), { kind: 'checked', result: okPin(pin(7, EXPIRES)) }, armed(T0))
    expect(nearRenewal.effects).toEqual([{ kind: 'wake-at', at: T0 + 2_000 }])
    // Unarmed, the usual second.
    expect(stepPin(polling(), { kind: 'checked', result: okPin(pin(7, EXPIRES)) }, ctx(T0)).effects).toEqual([
      { kind: 'wake-at', at: T0 + 1_000 },
    ])
  })

  it('polls at once when the browser comes back, and goes back to the usual pace when disarmed', () => {
    expect(stepPin(polling(), { kind: 'poll-now' }, ctx(T0))).toEqual({ phase: polling(), effects: [{ kind: 'check-pin', id: 7 }] })
    expect(stepPin(polling(), { kind: 'return-disarmed' }, ctx(T0))).toEqual({
      phase: polling(),
      effects: [{ kind: 'wake-at', at: T0 + 1_000 }],
    })
  })

  it('lets a backoff run its course and ignores both outside polling', () => {
    const backingOff: PinPhase = { ...polling(), failures: 1 } as PinPhase
    for (const input of [{ kind: 'poll-now' }, { kind: 'return-disarmed' }] as const) {
      expect(stepPin(backingOff, input, ctx(T0)).effects).toEqual([])
      expect(stepPin({ kind: 'creating', renewals: 0, failures: 0, giveUpAt: Number.POSITIVE_INFINITY }, input, ctx(T0)).effects).toEqual([])
      expect(stepPin({ kind: 'verifying', token: 'tok', failures: 0 }, input, ctx(T0)).effects).toEqual([])
      expect(stepPin({ kind: 'idle' }, input, ctx(T0)).effects).toEqual([])
    }
  })
})
