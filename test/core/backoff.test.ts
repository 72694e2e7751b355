import { describe, expect, it } from 'vitest'
import type { AppError } from '../../preload/api'
import { type BackoffPolicy, isTransient, retryDelay } from '../../main/core/signin/backoff'

const policy: BackoffPolicy = { baseMs: 1_000, capMs: 30_000, minMs: 500, maxRetryAfterMs: 60_000 }
const almostOne = () => 0.999_999

describe('retryDelay', () => {
  it('draws from a window that doubles with each failure (full jitter)', () => {
    expect(retryDelay(policy, 1, almostOne)).toBe(1_999)
    expect(retryDelay(policy, 2, almostOne)).toBe(3_999)
    expect(retryDelay(policy, 3, almostOne)).toBe(7_999)
    expect(retryDelay(policy, 4, () => 0.5)).toBe(8_000)
  })

  it('never exceeds the cap, however many failures', () => {
    expect(retryDelay(policy, 5, almostOne)).toBe(29_999)
    expect(retryDelay(policy, 200, almostOne)).toBe(29_999)
  })

  it('never goes below the floor when the draw is near zero', () => {
    expect(retryDelay(policy, 1, () => 0)).toBe(500)
    expect(retryDelay(policy, 7, () => 0.000_01)).toBe(500)
  })

  it('spreads retries over the whole window', () => {
    const draws = [0.1, 0.4, 0.7]
    expect(draws.map((r) => retryDelay(policy, 3, () => r))).toEqual([800, 3_200, 5_600])
  })

  it('honours Retry-After instead of the jitter, even above the cap', () => {
    expect(retryDelay(policy, 1, almostOne, 45_000)).toBe(45_000)
    expect(retryDelay(policy, 9, () => 0, 2_000)).toBe(2_000)
  })

  it('clamps an absurd or zero Retry-After', () => {
    expect(retryDelay(policy, 1, almostOne, 86_400_000)).toBe(60_000)
    expect(retryDelay(policy, 1, almostOne, 0)).toBe(500)
    expect(retryDelay(policy, 1, () => 0.5, Number.NaN)).toBe(1_000)
  })

  it('treats a zero failure count like the first failure', () => {
    expect(retryDelay(policy, 0, almostOne)).toBe(1_999)
  })
})

describe('isTransient', () => {
  const error = (code: AppError['code'], status?: number): AppError => ({
    code,
    message: 'x',
    retryable: false,
    ...(status === undefined ? {} : { status }),
  })

  it('retries network, timeout, rate limiting, 408 and 5xx', () => {
    expect(isTransient(error('plex-error', 408))).toBe(true)
    expect(isTransient(error('network'))).toBe(true)
    expect(isTransient(error('timeout'))).toBe(true)
    expect(isTransient(error('rate-limited', 429))).toBe(true)
    expect(isTransient(error('plex-error', 500))).toBe(true)
    expect(isTransient(error('plex-error', 503))).toBe(true)
  })

  it('does not retry answers that will not change', () => {
    expect(isTransient(error('plex-error', 400))).toBe(false)
    expect(isTransient(error('plex-error', 403))).toBe(false)
    expect(isTransient(error('plex-error'))).toBe(false)
    expect(isTransient(error('token-rejected', 401))).toBe(false)
    expect(isTransient(error('pin-expired', 404))).toBe(false)
    expect(isTransient(error('bad-response', 200))).toBe(false)
    expect(isTransient(error('keychain'))).toBe(false)
  })
})
