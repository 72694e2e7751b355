import { describe, expect, it } from 'vitest'
import { createServerRefresh } from '../../main/app/server-refresh'
import type { ServerDirectory } from '../../main/core/servers/server-directory'
import type { SignInState } from '../../preload/api'
import { signedInState } from '../support/signed-in-state'
import { createCountingClock } from '../support/test-clock'

/** A directory that counts what it is asked to do. */
function countingDirectory() {
  const calls: string[] = []
  const listed = (call: string) => async () => {
    calls.push(call)
    return { ok: true as const, value: { servers: [], checkedAt: 0 } }
  }
  const directory: ServerDirectory = {
    refresh: listed('refresh'),
    reload: listed('reload'),
    current: () => null,
    addressOf: () => null,
    subscribe: () => () => undefined,
    clear: () => {
      calls.push('clear')
    },
  }
  return { directory, calls }
}

function emitter() {
  const listeners = new Set<() => void>()
  return {
    on: (listener: () => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    fire: () => {
      for (const listener of [...listeners]) listener()
    },
    count: () => listeners.size,
  }
}

describe('when the server list is probed again', () => {
  it('on signing in, on window shown and on resume while signed in; cleared on sign-out; nothing while signed out', () => {
    const { directory, calls } = countingDirectory()
    const resume = emitter()
    const shown = emitter()
    const clock = createCountingClock()
    const refresh = createServerRefresh({ directory, clock, onResume: resume.on, onWindowShown: shown.on, isOnline: () => true, onlinePollMs: 60_000 })
    const signedOut: SignInState = { kind: 'signed-out' }
    refresh.onState(signedOut)
    shown.fire()
    resume.fire()
    expect(calls).toEqual([])
    refresh.onState(signedInState())
    refresh.onState({ ...signedInState(), health: 'checking' })
    expect(calls).toEqual(['refresh'])
    shown.fire()
    resume.fire()
    expect(calls).toEqual(['refresh', 'refresh', 'refresh'])
    refresh.onState(signedOut)
    shown.fire()
    expect(calls).toEqual(['refresh', 'refresh', 'refresh', 'clear'])
    refresh.stop()
    expect([resume.count(), shown.count(), clock.pending()]).toEqual([0, 0, 0])
  })

  it('when the network comes back, sampled since main has no event for it', async () => {
    const { directory, calls } = countingDirectory()
    let online = true
    const clock = createCountingClock()
    const refresh = createServerRefresh({ directory, clock, onResume: emitter().on, onWindowShown: emitter().on, isOnline: () => online, onlinePollMs: 5 })
    refresh.onState(signedInState())
    calls.length = 0
    online = false
    await expect.poll(() => clock.delays.length).toBeGreaterThan(2)
    expect(calls).toEqual([])
    online = true
    await expect.poll(() => calls).toEqual(['refresh'])
    refresh.stop()
    expect(clock.pending()).toBe(0)
  })
})
