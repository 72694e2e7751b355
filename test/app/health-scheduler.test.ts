import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SignInState } from '../../preload/api'
import { systemClock } from '../../main/core/clock'
import { createHealthScheduler, type HealthScheduler } from '../../main/app/health-scheduler'

// The scheduler in fake time: no HTTP here, so vitest's fake timers drive the system clock.

const intervals = { periodicMs: 3 * 3_600_000, onlinePollMs: 30_000, resumeDelayMs: 5_000, minGapMs: 60_000 }
const signedIn: SignInState = {
  kind: 'signed-in',
  account: { id: 1, uuid: 'u', username: 'a', title: 'A', email: '', avatar: null, hasPlexPass: false },
  checkedAt: 0,
  health: 'ok',
  storage: { name: 'm', service: 'plexkey', account: 'u' },
}

let state: SignInState
let online: boolean
let checks: number
let power: EventEmitter
let pending: (() => void) | null
let scheduler: HealthScheduler

function make(check: () => Promise<unknown> = async () => undefined): HealthScheduler {
  return createHealthScheduler({
    clock: systemClock,
    getState: () => state,
    check: () => {
      checks += 1
      return check()
    },
    onResume: (listener) => {
      power.on('resume', listener)
      return () => power.removeListener('resume', listener)
    },
    isOnline: () => online,
    intervals,
  })
}

beforeEach(() => {
  vi.useFakeTimers()
  state = signedIn
  online = true
  checks = 0
  power = new EventEmitter()
  pending = null
  scheduler = make()
})
afterEach(() => {
  scheduler.stop()
  vi.useRealTimers()
})

describe('routine checks', () => {
  it('checks every few hours while signed in, and not at start (restore() did that)', async () => {
    scheduler.start()
    await vi.advanceTimersByTimeAsync(intervals.periodicMs - 1)
    expect(checks).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(checks).toBe(1)
    await vi.advanceTimersByTimeAsync(intervals.periodicMs)
    expect(checks).toBe(2)
  })

  it('skips the routine check while signed out, and resumes once signed in', async () => {
    state = { kind: 'signed-out' }
    scheduler.start()
    await vi.advanceTimersByTimeAsync(intervals.periodicMs * 2)
    expect(checks).toBe(0)
    state = signedIn
    await vi.advanceTimersByTimeAsync(intervals.periodicMs)
    expect(checks).toBe(1)
  })

  it('keeps its schedule when a check throws', async () => {
    scheduler = make(async () => {
      throw new Error('boom')
    })
    scheduler.start()
    await vi.advanceTimersByTimeAsync(intervals.periodicMs * 2)
    expect(checks).toBe(2)
  })
})

describe('resume from sleep', () => {
  it('checks a moment after resume, once for a burst of resumes', async () => {
    scheduler.start()
    power.emit('resume')
    power.emit('resume')
    await vi.advanceTimersByTimeAsync(intervals.resumeDelayMs - 1)
    expect(checks).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(checks).toBe(1)
    // A second resume within a minute adds nothing.
    power.emit('resume')
    await vi.advanceTimersByTimeAsync(intervals.resumeDelayMs)
    expect(checks).toBe(1)
    // Later, it checks again.
    await vi.advanceTimersByTimeAsync(intervals.minGapMs)
    power.emit('resume')
    await vi.advanceTimersByTimeAsync(intervals.resumeDelayMs)
    expect(checks).toBe(2)
  })

  it('restarts the routine wait after a check, so a resume check is not followed by a routine one', async () => {
    scheduler.start()
    await vi.advanceTimersByTimeAsync(intervals.periodicMs - 10_000)
    power.emit('resume')
    await vi.advanceTimersByTimeAsync(intervals.resumeDelayMs)
    expect(checks).toBe(1)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(checks).toBe(1)
    await vi.advanceTimersByTimeAsync(intervals.periodicMs)
    expect(checks).toBe(2)
  })

  it('does not check on resume while signed out', async () => {
    state = { kind: 'signed-out', reason: 'token-rejected' }
    scheduler.start()
    power.emit('resume')
    await vi.advanceTimersByTimeAsync(intervals.resumeDelayMs * 2)
    expect(checks).toBe(0)
  })
})

describe('network coming back', () => {
  it('checks when the machine goes from offline to online, not while it stays online', async () => {
    online = false
    scheduler.start()
    await vi.advanceTimersByTimeAsync(intervals.onlinePollMs * 3)
    expect(checks).toBe(0)
    online = true
    await vi.advanceTimersByTimeAsync(intervals.onlinePollMs)
    expect(checks).toBe(1)
    await vi.advanceTimersByTimeAsync(intervals.onlinePollMs * 10)
    expect(checks).toBe(1)
  })

  it('counts resume and reconnection arriving together as one check', async () => {
    online = false
    scheduler.start()
    power.emit('resume')
    online = true
    await vi.advanceTimersByTimeAsync(intervals.onlinePollMs)
    expect(checks).toBe(1)
  })
})

describe('one at a time', () => {
  it('never starts a check while one is running', async () => {
    scheduler = make(
      () =>
        new Promise<void>((resolve) => {
          pending = resolve
        }),
    )
    online = false
    scheduler.start()
    power.emit('resume')
    await vi.advanceTimersByTimeAsync(intervals.resumeDelayMs)
    expect(checks).toBe(1)
    online = true
    await vi.advanceTimersByTimeAsync(intervals.periodicMs)
    expect(checks).toBe(1)
    pending?.()
    await vi.advanceTimersByTimeAsync(intervals.periodicMs)
    expect(checks).toBe(2)
  })
})

describe('stop', () => {
  it('clears every timer and stops listening for resume', async () => {
    scheduler.start()
    expect(vi.getTimerCount()).toBeGreaterThan(0)
    expect(power.listenerCount('resume')).toBe(1)
    scheduler.stop()
    expect(vi.getTimerCount()).toBe(0)
    expect(power.listenerCount('resume')).toBe(0)
    await vi.advanceTimersByTimeAsync(intervals.periodicMs * 2)
    expect(checks).toBe(0)
  })
})
