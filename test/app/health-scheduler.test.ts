import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SignInState } from '../../preload/api'
import { systemClock } from '../../main/core/clock'
import { createLogger } from '../../main/core/log'
import { createPlexClient } from '../../main/core/plex/plex-client'
import { createSignInService } from '../../main/core/signin/create-signin-service'
import { createHealthScheduler, type HealthScheduler, type HealthSchedulerOptions } from '../../main/app/health-scheduler'
import { createMemoryVault } from '../support/memory-vault'
import { signedInState } from '../support/signed-in-state'
import { testIdentity } from '../support/test-identity'

// The scheduler in fake time: no HTTP here, so vitest's fake timers drive the system clock.

const intervals = { periodicMs: 3 * 3_600_000, onlinePollMs: 30_000, resumeDelayMs: 5_000, minGapMs: 60_000 }
const signedIn = signedInState()

let state: SignInState
let online: boolean
let checks: number
let power: EventEmitter
let window: EventEmitter
let pending: (() => void) | null
let scheduler: HealthScheduler

function make(check: () => Promise<unknown> = async () => undefined, overrides: Partial<HealthSchedulerOptions> = {}): HealthScheduler {
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
    onWindowShown: (listener) => {
      window.on('show', listener)
      return () => window.removeListener('show', listener)
    },
    isOnline: () => online,
    intervals,
    ...overrides,
  })
}

beforeEach(() => {
  vi.useFakeTimers()
  state = signedIn
  online = true
  checks = 0
  power = new EventEmitter()
  window = new EventEmitter()
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

describe('the window shown', () => {
  it('checks nothing while signed in or signed out: the token has its own schedule', async () => {
    scheduler.start()
    window.emit('show')
    state = { kind: 'signed-out' }
    await vi.advanceTimersByTimeAsync(intervals.minGapMs * 2)
    window.emit('show')
    await vi.advanceTimersByTimeAsync(1)
    expect(checks).toBe(0)
  })
})

describe('after a keychain error', () => {
  const keychainError: SignInState = {
    kind: 'error',
    error: { code: 'keychain', message: 'The keychain is locked.', retryable: true },
  }

  it('reads the keychain again on every showing of the window, at most once a minute', async () => {
    state = keychainError
    scheduler.start()
    window.emit('show')
    await vi.advanceTimersByTimeAsync(1)
    expect(checks).toBe(1)
    // Shown again and again: one read per minute, not one per show.
    window.emit('show')
    await vi.advanceTimersByTimeAsync(1)
    expect(checks).toBe(1)
    await vi.advanceTimersByTimeAsync(intervals.minGapMs)
    window.emit('show')
    await vi.advanceTimersByTimeAsync(1)
    expect(checks).toBe(2)
    await vi.advanceTimersByTimeAsync(intervals.minGapMs)
    window.emit('show')
    await vi.advanceTimersByTimeAsync(1)
    expect(checks).toBe(3)
  })

  it('reads it once per error on resume or reconnection, where nobody may be there to answer a prompt', async () => {
    state = keychainError
    online = false
    scheduler.start()
    power.emit('resume')
    await vi.advanceTimersByTimeAsync(intervals.resumeDelayMs)
    expect(checks).toBe(1)
    // Still locked: neither a later resume nor a flapping network reads it again.
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(intervals.minGapMs)
      power.emit('resume')
      await vi.advanceTimersByTimeAsync(intervals.resumeDelayMs)
      online = !online
      await vi.advanceTimersByTimeAsync(intervals.onlinePollMs)
    }
    expect(checks).toBe(1)
    // The user showing the window still reads it.
    window.emit('show')
    await vi.advanceTimersByTimeAsync(1)
    expect(checks).toBe(2)

    // Out of the error (the network poll notices), then a new keychain error: one more read on resume.
    state = { kind: 'signed-out' }
    await vi.advanceTimersByTimeAsync(intervals.onlinePollMs)
    state = keychainError
    await vi.advanceTimersByTimeAsync(intervals.minGapMs)
    power.emit('resume')
    await vi.advanceTimersByTimeAsync(intervals.resumeDelayMs)
    expect(checks).toBe(3)
    online = false
    await vi.advanceTimersByTimeAsync(intervals.onlinePollMs)
    online = true
    await vi.advanceTimersByTimeAsync(intervals.minGapMs + intervals.onlinePollMs)
    expect(checks).toBe(3)
  })

  it('judges a showing once whatever showed the window has acted: a sign-in started then is not held up', async () => {
    state = keychainError
    scheduler.start()
    // "Sign in…" shows the window, and its sign-in begins in the same turn.
    window.emit('show')
    state = { kind: 'starting', modes: ['browser'] }
    await vi.advanceTimersByTimeAsync(1)
    expect(checks).toBe(0)
  })

  it('does not read it on a timer, nor after any other error', async () => {
    state = keychainError
    scheduler.start()
    await vi.advanceTimersByTimeAsync(intervals.periodicMs * 3)
    expect(checks).toBe(0)
    state = { kind: 'error', error: { code: 'network', message: 'offline', retryable: true } }
    window.emit('show')
    power.emit('resume')
    await vi.advanceTimersByTimeAsync(intervals.resumeDelayMs)
    expect(checks).toBe(0)
  })

  it('leads the real sign-in service out of the error once the keychain is back, with no loop while it is not', async () => {
    // The service over an in-memory vault with nothing stored, so no request reaches plex.tv.
    const vault = createMemoryVault()
    vault.failLoad = true
    const logger = createLogger('test', { level: 'error', sink: () => undefined })
    const plex = createPlexClient({
      identity: testIdentity(),
      fetch: () => Promise.reject(new Error('no request may be sent')),
      endpoints: { api: 'http://127.0.0.1:9', clients: 'http://127.0.0.1:9', auth: 'http://127.0.0.1:9/auth' },
      logger,
    })
    const service = createSignInService({ plex, vault, clock: systemClock, policy: { healthCheckIntervalMs: 0 }, logger })
    await service.restore()
    expect(service.getSnapshot().state).toMatchObject({ kind: 'error', error: { code: 'keychain' } })
    scheduler = make(() => service.checkNow(), { getState: () => service.getSnapshot().state })
    scheduler.start()

    // Still locked: one more read on show, then quiet; the failed read sets off nothing by itself.
    window.emit('show')
    await vi.advanceTimersByTimeAsync(1)
    expect(vault.calls.loadActive).toBe(2)
    await vi.advanceTimersByTimeAsync(intervals.periodicMs * 2)
    expect(vault.calls.loadActive).toBe(2)
    expect(service.getSnapshot().state.kind).toBe('error')

    // Unlocked: the next resume reads it and the error is gone.
    vault.failLoad = false
    power.emit('resume')
    await vi.advanceTimersByTimeAsync(intervals.resumeDelayMs)
    expect(vault.calls.loadActive).toBe(3)
    expect(service.getSnapshot().state).toEqual({ kind: 'signed-out' })
    window.emit('show')
    await vi.advanceTimersByTimeAsync(intervals.periodicMs)
    expect(vault.calls.loadActive).toBe(3)
    service.dispose()
  })
})

describe('stop', () => {
  it('clears every timer and stops listening for resume and the window', async () => {
    scheduler.start()
    expect(vi.getTimerCount()).toBeGreaterThan(0)
    expect(power.listenerCount('resume')).toBe(1)
    expect(window.listenerCount('show')).toBe(1)
    scheduler.stop()
    expect(vi.getTimerCount()).toBe(0)
    expect(power.listenerCount('resume')).toBe(0)
    expect(window.listenerCount('show')).toBe(0)
    await vi.advanceTimersByTimeAsync(intervals.periodicMs * 2)
    expect(checks).toBe(0)
  })
})
