import { type Clock, systemClock, type TimerHandle } from '../../main/core/clock'

/**
 * The system clock with its timers counted, so a test can prove nothing is left pending after a
 * cancel or dispose (vitest's own timer count only sees fake timers).
 */
export interface CountingClock extends Clock {
  /** Timers set and neither fired nor cleared. */
  pending(): number
  /** Every delay ever asked for, in order. */
  readonly delays: readonly number[]
}

export function createCountingClock(): CountingClock {
  const live = new Set<TimerHandle>()
  const delays: number[] = []
  return {
    now: () => systemClock.now(),
    setTimeout: (fn, ms) => {
      delays.push(ms)
      const handle: TimerHandle = systemClock.setTimeout(() => {
        live.delete(handle)
        fn()
      }, ms)
      live.add(handle)
      return handle
    },
    clearTimeout: (handle) => {
      live.delete(handle)
      systemClock.clearTimeout(handle)
    },
    pending: () => live.size,
    delays,
  }
}
