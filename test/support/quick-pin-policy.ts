import type { PinPolicy } from '../../main/core/signin/pin-machine'

/**
 * PIN timings for tests against the fake plex.tv: a poll every 40 ms, a code renewed 300 ms before
 * it expires (twice at most), three failures in a row tolerated, short backoffs. A whole sign-in,
 * renewals and failures included, takes a fraction of a second.
 */
export const quickPinPolicy: Partial<PinPolicy> = {
  pollIntervalMs: 40,
  renewBeforeMs: 300,
  maxRenewals: 2,
  maxFailures: 3,
  backoff: { baseMs: 20, capMs: 100, minMs: 10, maxRetryAfterMs: 2_000 },
}
