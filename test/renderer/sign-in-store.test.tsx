import { describe, expect, it } from 'vitest'
import type { Result, Snapshot } from '../../preload/api'
import { createSignInStore } from '../../renderer/src/bridge/sign-in-store'
import { FakePlexkeyApi } from './fake-plexkey-api'
import { appError, snapshot, signedIn } from './state-fixtures'

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((done) => (resolve = done))
  return { promise, resolve }
}

const flush = () => new Promise((done) => setTimeout(done, 0))

describe('createSignInStore', () => {
  it('subscribes to changes before it asks for the current state', () => {
    const api = new FakePlexkeyApi(snapshot(1, { kind: 'restoring' }))
    const store = createSignInStore(api)
    store.subscribe(() => {})
    expect(api.callNames()).toEqual(['auth.onStateChanged', 'auth.getState'])
  })

  it('drops a getState answer older than an event that arrived first', async () => {
    const api = new FakePlexkeyApi(snapshot(1, { kind: 'restoring' }))
    const answer = deferred<Result<Snapshot>>()
    api.stateAnswer = answer.promise
    const store = createSignInStore(api)
    let notified = 0
    store.subscribe(() => (notified += 1))

    api.emit(snapshot(5, signedIn()))
    answer.resolve({ ok: true, value: snapshot(4, { kind: 'signed-out' }) })
    await flush()

    expect(store.getSnapshot()?.seq).toBe(5)
    expect(store.getSnapshot()?.state.kind).toBe('signed-in')
    expect(notified).toBe(1)
  })

  it('ignores an event whose seq is not newer than the one it holds', async () => {
    const api = new FakePlexkeyApi(snapshot(7, { kind: 'signed-out' }))
    const store = createSignInStore(api)
    store.subscribe(() => {})
    await flush()
    const held = store.getSnapshot()

    api.emit(snapshot(7, signedIn()))
    api.emit(snapshot(3, { kind: 'restoring' }))

    expect(store.getSnapshot()).toBe(held)
  })

  it('turns a failed first read into an error state that any real snapshot replaces', async () => {
    const api = new FakePlexkeyApi(snapshot(1, { kind: 'restoring' }))
    api.stateAnswer = Promise.resolve({ ok: false, error: appError('forbidden') })
    const store = createSignInStore(api)
    store.subscribe(() => {})
    await flush()
    expect(store.getSnapshot()?.state).toEqual({ kind: 'error', error: appError('forbidden') })

    api.emit(snapshot(0, { kind: 'signed-out' }))
    expect(store.getSnapshot()?.state.kind).toBe('signed-out')
  })

  it('reads a rejected getState as an unknown error rather than hanging', async () => {
    const api = new FakePlexkeyApi(snapshot(1, { kind: 'restoring' }))
    api.stateAnswer = Promise.reject(new Error('preload gone'))
    const store = createSignInStore(api)
    store.subscribe(() => {})
    await flush()
    const state = store.getSnapshot()?.state
    expect(state?.kind === 'error' && state.error.code).toBe('unknown')
  })

  it('stops listening to main when its last subscriber leaves', () => {
    const api = new FakePlexkeyApi(snapshot(1, { kind: 'restoring' }))
    const store = createSignInStore(api)
    const first = store.subscribe(() => {})
    const second = store.subscribe(() => {})
    expect(api.listenerCount).toBe(1)
    first()
    expect(api.listenerCount).toBe(1)
    second()
    expect(api.listenerCount).toBe(0)
  })
})
