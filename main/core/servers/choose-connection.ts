import type { Clock, TimerHandle } from '../clock'
import type { FetchLike } from '../plex/plex-client'
import type { Candidate } from './candidates'
import { type ProbeFailure, type ProbeOutcome, probeIdentity } from './probe-identity'

export interface ProbeTiming {
  /** How long a better address that is still pending may keep a worse one that answered waiting. */
  readonly graceMs: number
  /** How long any address may take; past it, whatever has not answered counts as no answer. */
  readonly timeoutMs: number
}

/** Short enough not to be noticed; long enough for a LAN or a nearby remote address to answer. */
export const DEFAULT_PROBE_TIMING: ProbeTiming = { graceMs: 250, timeoutMs: 4_000 }

export interface TriedAddress {
  readonly uri: string
  readonly kind: Candidate['kind']
  readonly failure: ProbeFailure
}

/**
 * `unencrypted-only`: no address the token may go to answered, but a plain-http one off this
 * machine answered as the server. That proves nothing (anyone on the way can answer so), so it is
 * not chosen unless the user allowed it (`allowUnencrypted`).
 */
export type ConnectionChoice =
  | { readonly kind: 'chosen'; readonly candidate: Candidate; readonly rttMs: number }
  | { readonly kind: 'unencrypted-only'; readonly candidate: Candidate; readonly tried: readonly TriedAddress[] }
  | { readonly kind: 'none'; readonly tried: readonly TriedAddress[] }

export interface ChooseOptions {
  readonly fetch: FetchLike
  readonly clock: Clock
  readonly timing?: ProbeTiming
  readonly signal?: AbortSignal
  /** The user's say-so to send a token over plain http off this machine (`--allow-insecure`, or the app's setting). */
  readonly allowUnencrypted?: boolean
}

/**
 * Probes every candidate at once and takes the best one that proves to be the server
 * (`expected` is its clientIdentifier). The moment the best answer so far has no better candidate
 * still pending, it is taken; a better one still pending gets `graceMs` more, never longer, so an
 * address that accepts a connection and never answers costs at most the grace. An http answer
 * never cuts an https address short: a network that stalls TLS must not win the downgrade.
 * Nothing is awaited once the choice is made: the other probes are aborted.
 */
export function chooseConnection(candidates: readonly Candidate[], expected: string, options: ChooseOptions): Promise<ConnectionChoice> {
  const { clock } = options
  const timing = options.timing ?? DEFAULT_PROBE_TIMING
  const controller = new AbortController()
  const signal = options.signal ? AbortSignal.any([controller.signal, options.signal]) : controller.signal
  const outcomes: (ProbeOutcome | undefined)[] = candidates.map(() => undefined)

  return new Promise<ConnectionChoice>((resolve) => {
    let done = false
    let grace: TimerHandle | undefined
    const finish = (choice: ConnectionChoice): void => {
      if (done) return
      done = true
      clock.clearTimeout(deadline)
      if (grace !== undefined) clock.clearTimeout(grace)
      options.signal?.removeEventListener('abort', onAbort)
      controller.abort()
      resolve(choice)
    }
    const usable = (candidate: Candidate): boolean => candidate.encrypted || options.allowUnencrypted === true
    const giveUp = (): void => {
      const tried = candidates.map((candidate, i): TriedAddress => {
        const outcome = outcomes[i]
        return { uri: candidate.uri, kind: candidate.kind, failure: outcome?.kind === 'failed' ? outcome.reason : 'no-answer' }
      })
      const answered = candidates.find((_, i) => outcomes[i]?.kind === 'match')
      finish(answered ? { kind: 'unencrypted-only', candidate: answered, tried } : { kind: 'none', tried })
    }
    /** `final`: no more waiting (the grace or the deadline is over): the best answer so far wins. */
    const decide = (final: boolean): void => {
      const best = outcomes.findIndex((o, i) => o?.kind === 'match' && usable(candidates[i] as Candidate))
      const outcome = outcomes[best]
      const candidate = candidates[best]
      if (best >= 0 && outcome?.kind === 'match' && candidate) {
        const pending = candidates.slice(0, best).filter((_, i) => outcomes[i] === undefined)
        if (pending.length === 0 || final) return finish({ kind: 'chosen', candidate, rttMs: outcome.rttMs })
        // Only the deadline ends the wait for a pending https address once http has answered.
        if (candidate.protocol === 'http' && pending.some((c) => c.protocol === 'https')) return
        grace ??= clock.setTimeout(() => decide(true), timing.graceMs)
        return
      }
      if (final || outcomes.every((o) => o !== undefined)) giveUp()
    }
    const onAbort = (): void => giveUp()
    const deadline = clock.setTimeout(() => decide(true), timing.timeoutMs)
    options.signal?.addEventListener('abort', onAbort, { once: true })
    if (options.signal?.aborted) return giveUp()
    if (candidates.length === 0) return giveUp()
    candidates.forEach((candidate, i) => {
      void probeIdentity(options.fetch, candidate.uri, expected, signal, () => clock.now()).then((outcome) => {
        if (done) return
        outcomes[i] = outcome
        decide(false)
      })
    })
  })
}
