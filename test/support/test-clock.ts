import { type Clock, systemClock, type TimerHandle } from '../../main/core/clock'

/** A timer the clock asked for: when it was set and for how long, both on this clock. */
export interface ScheduledTimer {
  readonly at: number
  readonly ms: number
}

/**
 * The system clock with its timers counted, so a test can prove nothing is left pending after a
 * cancel or dispose (vitest's own timer count only sees fake timers), and able to jump ahead.
 * Time keeps flowing as on the wall clock, because the fake plex.tv answers over real HTTP; a jump
 * moves `now()` forward and fires every timer that has fallen due, as a machine waking from sleep
 * would see it.
 */
export interface CountingClock extends Clock {
  /** Timers set and neither fired nor cleared. */
  pending(): number
  /** Every delay ever asked for, in order. */
  readonly delays: readonly number[]
  /** Every timer ever set, in order. */
  readonly scheduled: readonly ScheduledTimer[]
  /** Moves this clock `ms` ahead of the wall clock and fires the timers that are then due. */
  advance(ms: number): void
}

interface LiveTimer {
  readonly fn: () => void
  readonly dueAt: number
  readonly real: TimerHandle
}

export function createCountingClock(): CountingClock {
  const live = new Map<TimerHandle, LiveTimer>()
  const delays: number[] = []
  const scheduled: ScheduledTimer[] = []
  let offset = 0
  const now = (): number => systemClock.now() + offset
  const clock: CountingClock = {
    now,
    setTimeout: (fn, ms) => {
      const at = now()
      delays.push(ms)
      scheduled.push({ at, ms })
      const handle: TimerHandle = {}
      const real = systemClock.setTimeout(() => {
        live.delete(handle)
        fn()
      }, ms)
      live.set(handle, { fn, dueAt: at + ms, real })
      return handle
    },
    clearTimeout: (handle) => {
      const timer = live.get(handle)
      live.delete(handle)
      if (timer) systemClock.clearTimeout(timer.real)
    },
    pending: () => live.size,
    delays,
    scheduled,
    advance: (ms) => {
      offset += ms
      // Earliest first; a timer set by one that fires is fired too if it is already due.
      for (;;) {
        const due = [...live.entries()].filter(([, t]) => t.dueAt <= now()).sort(([, a], [, b]) => a.dueAt - b.dueAt)[0]
        if (!due) return
        const [handle, timer] = due
        live.delete(handle)
        systemClock.clearTimeout(timer.real)
        timer.fn()
      }
    },
  }
  return clock
}
