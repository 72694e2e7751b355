import type { AppError } from '../../../preload/api'

/** How long to wait after consecutive transient failures. */
export interface BackoffPolicy {
  /** Ceiling of the first retry window; each further failure doubles it. */
  readonly baseMs: number
  /** Largest window: no retry is ever drawn later than this (Retry-After excepted). */
  readonly capMs: number
  /** Never retry sooner than this, so a jitter draw near zero cannot turn into a burst of requests. */
  readonly minMs: number
  /** A Retry-After is honoured up to this; a larger value is more likely a broken header than a plan. */
  readonly maxRetryAfterMs: number
}

/** A source of numbers in [0, 1); injected so tests can pin the jitter. */
export type Random = () => number

/**
 * The wait before the next try after `failures` consecutive transient failures (1 for the first).
 *
 * Retry-After wins when plex.tv sends it (it knows its own limits); otherwise "full jitter": a uniform
 * draw in [0, min(cap, base * 2^failures)), which spreads clients that failed together far better
 * than a fixed exponential would.
 */
export function retryDelay(
  policy: BackoffPolicy,
  failures: number,
  random: Random,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) {
    return clamp(retryAfterMs, policy.minMs, Math.max(policy.minMs, policy.maxRetryAfterMs))
  }
  const exponent = Math.min(Math.max(failures, 1), 30) // 2^30 is far past any cap; avoids Infinity
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent)
  return clamp(Math.floor(random() * ceiling), policy.minMs, Math.max(policy.minMs, policy.capMs))
}

/**
 * Failures that say nothing about the request itself, so the same request may succeed later:
 * plex.tv unreachable or slow (including its own 408), rate limiting, and its 5xx errors.
 */
export function isTransient(error: AppError): boolean {
  switch (error.code) {
    case 'network':
    case 'timeout':
    case 'rate-limited':
      return true
    case 'plex-error':
      return error.status !== undefined && (error.status >= 500 || error.status === 408)
    default:
      return false
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max)
}
