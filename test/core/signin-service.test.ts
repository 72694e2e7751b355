import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SignInState, Snapshot } from '../../preload/api'
import type { StoredCredential } from '../../main/core/account/credential-vault'
import type { SignInPolicyOverrides } from '../../main/core/signin/create-signin-service'
import { createSignInStore } from '../../main/core/signin/signin-store'
import { gate } from '../support/gate'
import { createMemoryVault, keychainFailure, type MemoryVault } from '../support/memory-vault'
import { quickPinPolicy } from '../support/quick-pin-policy'
import { unwrap as value } from '../support/result-parts'
import { type SigninFixture, startSigninFixture, until } from '../support/signin-fixture'
import { watchService, type WatchedService } from '../support/watched-service'

// The sign-in service over the real plex.tv client, real HTTP and the fake plex.tv; the keychain is
// the in-memory vault (the keytar vault has its own tests against a real keyring).
const policy: SignInPolicyOverrides = {
  pin: quickPinPolicy,
  healthCheckIntervalMs: 0,
  healthRetry: { baseMs: 20, capMs: 60, minMs: 10, maxRetryAfterMs: 2_000 },
}

type Harness = WatchedService

let fx: SigninFixture
let harnesses: Harness[] = []
/** Every token issued in a test: no snapshot may ever contain one. */
let tokens: string[] = []

beforeEach(async () => {
  fx = await startSigninFixture()
  harnesses = []
  tokens = []
})
afterEach(async () => {
  for (const h of harnesses) {
    h.svc.dispose()
    const published = JSON.stringify(h.snapshots)
    for (const token of [...tokens, ...fx.fake.issuedTokens()]) expect(published).not.toContain(token)
    // seq grows by exactly one per published change, and no change repeats the state before it.
    h.snapshots.forEach((s, i) => {
      const previous = h.snapshots[i - 1]
      if (previous) {
        expect(s.seq).toBe(previous.seq + 1)
        expect(s.state).not.toEqual(previous.state)
      }
    })
  }
  const logs = fx.logLines.join('\n')
  for (const token of tokens) expect(logs).not.toContain(token)
  await fx.close()
})

function harness(vault: MemoryVault = createMemoryVault(), overrides: SignInPolicyOverrides = {}): Harness {
  const h = watchService(fx, vault, { policy: { ...policy, ...overrides } })
  harnesses.push(h)
  return h
}

/** A token the fake plex.tv accepts, for an account of our choosing, as a real sign-in would get it. */
async function issueToken(user: { username: string; uuid: string }): Promise<StoredCredential> {
  const pin = await fx.plex.createPin({ strong: true })
  if (!pin.ok) throw new Error(pin.error.message)
  const token = fx.fake.approve(pin.value.id, user)
  tokens.push(token)
  return { accountKey: user.uuid, username: user.username, token }
}

const kinds = (h: Harness) => h.snapshots.map((s) => s.state.kind)
const requestsTo = (path: string) => fx.fake.requests.filter((r) => r.path === path)
const isSignedIn = (s: SignInState) => s.kind === 'signed-in'
const waitingFor = (n: number) => (s: SignInState) => s.kind === 'waiting' && s.pins.length === n

describe('signing in', () => {
  it('goes from signed-out through a browser PIN to signed-in, saving the token in the vault', async () => {
    const h = harness()
    await h.svc.restore()
    expect(h.state()).toEqual({ kind: 'signed-out' })

    expect(h.svc.start('browser')).toEqual({ ok: true, value: undefined })
    expect(h.state()).toEqual({ kind: 'starting', modes: ['browser'] })
    const waiting = await h.reach(waitingFor(1), 'a PIN')
    if (waiting.kind !== 'waiting') throw new Error('not waiting')
    const view = waiting.pins[0]
    expect(view).toEqual(h.svc.pin('browser'))
    expect(view?.url.startsWith(fx.fake.authUrl)).toBe(true)
    expect(waiting.retry).toBeNull()

    tokens.push(fx.fake.approve(view?.pinId ?? 0, { username: 'ann', uuid: 'ann-uuid', title: 'Ann A.', plexPass: true }))
    const signedIn = await h.reach(isSignedIn, 'signed-in')
    expect(signedIn).toMatchObject({
      kind: 'signed-in',
      health: 'ok',
      account: { username: 'ann', uuid: 'ann-uuid', title: 'Ann A.', hasPlexPass: true },
      storage: h.vault.describe('ann-uuid'),
    })
    expect(h.vault.activeKey).toBe('ann-uuid')
    expect(h.vault.entries.get('ann-uuid')).toEqual({ accountKey: 'ann-uuid', username: 'ann', title: 'Ann A.', token: tokens[0] })
    expect(h.svc.pin('browser')).toBeUndefined()
    expect(kinds(h)).toEqual(['signed-out', 'starting', 'waiting', 'signed-in'].concat(kinds(h).slice(4)))

    // The avatar follows as a data: URL once fetched, without holding up the sign-in.
    const withAvatar = await h.reach((s) => s.kind === 'signed-in' && s.account.avatar !== null, 'the avatar')
    expect(withAvatar.kind === 'signed-in' && withAvatar.account.avatar).toMatch(/^data:image\/png;base64,/)
  })

  it('signs in with a plex.tv/link code', async () => {
    const h = harness()
    h.svc.start('link')
    const waiting = await h.reach(waitingFor(1), 'a code')
    const view = waiting.kind === 'waiting' ? waiting.pins[0] : undefined
    expect(view?.mode).toBe('link')
    expect(view?.qrPayload).toBe(`https://plex.tv/link/?pin=${view?.code}`)
    tokens.push(fx.fake.approve(view?.code ?? '', { username: 'bob', uuid: 'bob-uuid' }))
    expect(await h.reach(isSignedIn, 'signed-in')).toMatchObject({ account: { username: 'bob' }, health: 'ok' })
  })

  it('runs both modes side by side: the first approved wins and the other stops', async () => {
    const h = harness()
    h.svc.start('browser')
    h.svc.start('link')
    expect(h.svc.start('link')).toEqual({ ok: true, value: undefined }) // already running: nothing new
    const waiting = await h.reach(waitingFor(2), 'two PINs')
    expect(waiting.kind === 'waiting' && waiting.pins.map((p) => p.mode)).toEqual(['browser', 'link'])
    expect(requestsTo('/api/v2/pins')).toHaveLength(2)

    const browser = h.svc.pin('browser')
    const link = h.svc.pin('link')
    tokens.push(fx.fake.approve(link?.code ?? '', { username: 'cy', uuid: 'cy-uuid' }))
    await h.reach(isSignedIn, 'signed-in')
    const browserPolls = () => fx.fake.requests.filter((r) => r.path === `/api/v2/pins/${browser?.pinId}`).length
    const polled = browserPolls()
    expect(fx.clock.pending()).toBe(0)
    await fx.runOut(60_000)
    expect(browserPolls()).toBe(polled)
    expect(h.vault.activeKey).toBe('cy-uuid')
  })

  it('keeps waiting on the other mode when one fails', async () => {
    fx.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 403, times: 1 })
    const h = harness()
    h.svc.start('browser')
    h.svc.start('link')
    const waiting = await h.reach(waitingFor(1), 'the surviving PIN')
    await until(() => requestsTo('/api/v2/pins').length === 2, 'both creates')
    const survivor = waiting.kind === 'waiting' ? waiting.pins[0] : undefined
    const failed = survivor?.mode === 'browser' ? 'link' : 'browser'
    expect(h.svc.pin(failed)).toBeUndefined()
    tokens.push(fx.fake.approve(survivor?.pinId ?? 0))
    await h.reach(isSignedIn, 'signed-in')
  })

  it('shows a mode being added, and its failure, while the other mode waits; starting it again clears the failure', async () => {
    const h = harness()
    h.svc.start('link')
    await h.reach(waitingFor(1), 'a code')
    // plex.tv holds the browser PIN while the test looks, then refuses it.
    const held = gate()
    fx.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 400, holdUntil: held.opened, times: 1 })
    expect(h.svc.start('browser')).toEqual({ ok: true, value: undefined })
    const adding = h.state()
    expect(adding).toMatchObject({ kind: 'waiting', starting: ['browser'], failed: [] })
    expect(adding.kind === 'waiting' && adding.pins.map((p) => p.mode)).toEqual(['link'])
    held.open()
    const failed = await h.reach((s) => s.kind === 'waiting' && s.failed.length > 0, 'the browser failure')
    expect(failed).toMatchObject({
      kind: 'waiting',
      starting: [],
      failed: [{ mode: 'browser', error: { code: 'plex-error', status: 400 } }],
    })
    expect(failed.kind === 'waiting' && failed.pins.map((p) => p.mode)).toEqual(['link'])
    expect(h.svc.pin('browser')).toBeUndefined()

    // Trying that mode again: the failure goes at once, and this time the PIN comes.
    expect(h.svc.start('browser')).toEqual({ ok: true, value: undefined })
    expect(h.state()).toMatchObject({ kind: 'waiting', starting: ['browser'], failed: [] })
    const both = await h.reach(waitingFor(2), 'both PINs')
    expect(both).toMatchObject({ starting: [], failed: [] })
  })

  it('forgets a mode failure once the sign-in ends', async () => {
    fx.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 400, times: 1 })
    const h = harness()
    h.svc.start('browser')
    h.svc.start('link')
    await h.reach((s) => s.kind === 'waiting' && s.failed.length === 1 && s.pins.length === 1, 'one failure, one PIN')
    h.svc.cancel()
    h.svc.start('link')
    const fresh = await h.reach(waitingFor(1), 'a new code')
    expect(fresh).toMatchObject({ starting: [], failed: [] })
  })

  it('shows a mode failure at once, while the other mode is still being created', async () => {
    // The browser PIN is held until the test has seen the failure; the code is refused at once.
    const held = gate()
    fx.fake.fault({ path: '/api/v2/pins', method: 'POST', holdUntil: held.opened, times: 1 })
    const h = harness()
    h.svc.start('browser')
    await until(() => requestsTo('/api/v2/pins').some((r) => r.method === 'POST'), 'the browser PIN requested')
    fx.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 400, times: 1 })
    h.svc.start('link')
    const failed = await h.reach((s) => s.kind === 'waiting' && s.failed.length > 0, 'the code failure')
    expect(failed).toEqual({
      kind: 'waiting',
      pins: [],
      starting: ['browser'],
      failed: [{ mode: 'link', error: expect.objectContaining({ code: 'plex-error', status: 400 }) }],
      retry: null,
    })
    // The browser PIN still comes, beside the failure.
    held.open()
    const browser = await h.reach(waitingFor(1), 'the browser PIN')
    expect(browser).toMatchObject({ starting: [], failed: [{ mode: 'link' }] })
  })

  it('shows a mode that ran out of renewals as expired while the other still waits', async () => {
    fx.fake.setLifetimes({ linkSec: 1 })
    const h = harness(createMemoryVault(), { pin: { ...policy.pin, maxRenewals: 0 } })
    h.svc.start('browser')
    h.svc.start('link')
    const expired = await h.reach((s) => s.kind === 'waiting' && s.failed.length === 1, 'the code to run out')
    expect(expired).toMatchObject({ failed: [{ mode: 'link', error: { code: 'pin-expired', retryable: true } }] })
    expect(expired.kind === 'waiting' && expired.pins.map((p) => p.mode)).toEqual(['browser'])
  })

  it('shows a retry notice while plex.tv rate-limits polling', async () => {
    fx.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, status: 429, retryAfter: '1', times: 1 })
    const h = harness()
    h.svc.start('link')
    const limited = await h.reach((s) => s.kind === 'waiting' && s.retry !== null, 'a retry notice')
    expect(limited.kind === 'waiting' && limited.retry?.error).toMatchObject({ code: 'rate-limited', status: 429 })
    await h.reach((s) => s.kind === 'waiting' && s.retry === null, 'the notice withdrawn')
  })

  it('cancels: signed-out, nothing sent afterwards, no timer left', async () => {
    const h = harness()
    h.svc.start('browser')
    h.svc.start('link')
    await h.reach(waitingFor(2), 'two PINs')
    await until(() => fx.fake.requests.length >= 5, 'some polling')
    expect(h.svc.cancel()).toEqual({ ok: true, value: undefined })
    expect(h.state()).toEqual({ kind: 'signed-out', reason: 'cancelled' })
    expect(fx.clock.pending()).toBe(0)
    const sent = fx.fetchCalls()
    await fx.runOut(60_000)
    expect(fx.fetchCalls()).toBe(sent)
    expect(fx.fake.requests.length).toBeLessThanOrEqual(sent)
    expect(h.svc.cancel()).toMatchObject({ ok: false, error: { code: 'invalid-state' } })
    expect(h.svc.pin('browser')).toBeUndefined()
  })

  it('drops an approval that arrives after cancel', async () => {
    const h = harness()
    h.svc.start('link')
    const waiting = await h.reach(waitingFor(1), 'a code')
    const view = waiting.kind === 'waiting' ? waiting.pins[0] : undefined
    // Hold the next poll at the fake, approve while it is held, cancel, and only then let it answer.
    const held = gate()
    fx.fake.fault({ path: /^\/api\/v2\/pins\/\d+$/, holdUntil: held.opened, times: 1 })
    const polls = requestsTo(`/api/v2/pins/${view?.pinId}`).length
    await until(() => requestsTo(`/api/v2/pins/${view?.pinId}`).length > polls, 'a held poll')
    tokens.push(fx.fake.approve(view?.pinId ?? 0))
    h.svc.cancel()
    held.open()
    await fx.runOut(60_000)
    expect(h.state()).toEqual({ kind: 'signed-out', reason: 'cancelled' })
    expect(h.vault.calls.saveActive).toBe(0)
    expect(requestsTo('/api/v2/user')).toHaveLength(0)
    expect(kinds(h)).not.toContain('signed-in')
  })

  it('ends signed-out "expired" when the PIN runs out of renewals', async () => {
    fx.fake.setLifetimes({ linkSec: 1 })
    const h = harness(createMemoryVault(), { pin: { ...policy.pin, maxRenewals: 1 } })
    h.svc.start('link')
    expect(await h.reach((s) => s.kind === 'signed-out', 'the end')).toEqual({ kind: 'signed-out', reason: 'expired' })
    expect(requestsTo('/api/v2/pins')).toHaveLength(2)
    expect(fx.clock.pending()).toBe(0)
  })

  it('ends a rate-limited sign-in with the time plex.tv asked to wait, from its last Retry-After', async () => {
    // The policy tolerates three failures: two quick ones, then one that asks for two minutes.
    fx.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 429, times: 2 })
    fx.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 429, retryAfter: '120' })
    const h = harness(createMemoryVault(), { pin: { ...quickPinPolicy, backoff: { baseMs: 20, capMs: 100, minMs: 10, maxRetryAfterMs: 5 * 60_000 } } })
    const before = fx.clock.now()
    h.svc.start('link')
    const failed = await h.reach((s) => s.kind === 'error', 'the error')
    const after = fx.clock.now()
    const retryAt = failed.kind === 'error' ? failed.error.retryAt ?? 0 : 0
    expect(failed).toMatchObject({ kind: 'error', error: { code: 'rate-limited', status: 429 } })
    expect(retryAt).toBeGreaterThanOrEqual(before + 120_000)
    expect(retryAt).toBeLessThanOrEqual(after + 120_000)
  })

  it('caps a Retry-After too long to be meant, as the backoff does', async () => {
    fx.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 429, times: 2 })
    fx.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 429, retryAfter: '99999999999' })
    const h = harness()
    h.svc.start('link')
    const failed = await h.reach((s) => s.kind === 'error', 'the error')
    const retryAt = failed.kind === 'error' ? failed.error.retryAt ?? 0 : 0
    // quickPinPolicy honours a Retry-After up to 2 s.
    expect(retryAt - fx.clock.now()).toBeLessThanOrEqual(2_000)
    expect(retryAt).toBeGreaterThan(0)
  })

  it('ends in an error state when plex.tv refuses the PIN', async () => {
    fx.fake.fault({ path: '/api/v2/pins', method: 'POST', status: 403 })
    const h = harness()
    h.svc.start('browser')
    const error = await h.reach((s) => s.kind === 'error', 'an error')
    expect(error).toMatchObject({ kind: 'error', error: { code: 'plex-error', status: 403 } })
    // From an error a new attempt may start.
    fx.fake.clearFaults()
    expect(h.svc.start('browser').ok).toBe(true)
    await h.reach(waitingFor(1), 'a PIN')
  })

  it('keeps the previous credential when the keychain refuses the new token', async () => {
    const previous: StoredCredential = { accountKey: 'old-uuid', username: 'old', token: 'previous-token-value' }
    const vault = createMemoryVault({ active: previous })
    vault.failSave = true
    const h = harness(vault)
    h.svc.start('browser')
    const waiting = await h.reach(waitingFor(1), 'a PIN')
    tokens.push(fx.fake.approve(waiting.kind === 'waiting' ? (waiting.pins[0]?.pinId ?? 0) : 0, { uuid: 'new-uuid' }))
    expect(await h.reach((s) => s.kind === 'error', 'the error')).toEqual({ kind: 'error', error: keychainFailure })
    expect(vault.activeKey).toBe('old-uuid')
    expect(vault.entries.get('old-uuid')).toEqual(previous)
    expect(vault.entries.has('new-uuid')).toBe(false)
    expect(kinds(h)).not.toContain('signed-in')
  })

  it('signing in as another account keeps the one signed in: both listed, the new one first and active, nothing signed out', async () => {
    const before = await issueToken({ username: 'ann', uuid: 'ann-uuid' })
    const vault = createMemoryVault({ active: before })
    // The keychain entry of ann is there, but unread (the sign-in starts before any restore), as
    // `plexkey login --add` does it; an install from before there were several accounts has no list.
    const h = harness(vault)
    h.svc.start('link')
    const waiting = await h.reach(waitingFor(1), 'a code')
    tokens.push(fx.fake.approve(waiting.kind === 'waiting' ? (waiting.pins[0]?.code ?? '') : '', { username: 'bea', title: 'Bea B.', uuid: 'bea-uuid' }))
    await h.reach(isSignedIn, 'signed in as bea')
    await h.svc.settled()
    expect(vault.activeKey).toBe('bea-uuid')
    expect(vault.entries.get('ann-uuid')).toEqual(before)
    expect(vault.entries.get('bea-uuid')).toMatchObject({ username: 'bea', title: 'Bea B.' })
    expect(await vault.getEntry('accounts')).toEqual({ ok: true, value: JSON.stringify(['bea-uuid', 'ann-uuid']) })
    expect(requestsTo('/api/v2/users/signout')).toHaveLength(0)
    expect(fx.fake.tokens()).toContain(before.token)
  })

  it('keeps the old entry of the same account replaced in place, and signs nothing out', async () => {
    const before = await issueToken({ username: 'cal', uuid: 'cal-uuid' })
    const vault = createMemoryVault({ active: before })
    const h = harness(vault)
    h.svc.start('link')
    const waiting = await h.reach(waitingFor(1), 'a code')
    const token = fx.fake.approve(waiting.kind === 'waiting' ? (waiting.pins[0]?.code ?? '') : '', { username: 'cal', uuid: 'cal-uuid' })
    tokens.push(token)
    await h.reach(isSignedIn, 'signed in again as cal')
    expect(vault.entries.get('cal-uuid')?.token).toBe(token)
    expect(requestsTo('/api/v2/users/signout')).toHaveLength(0)
  })

  it('after plex.tv refused the active token, signing in again replaces only that account', async () => {
    const ann = await issueToken({ username: 'ann', uuid: 'ann-uuid' })
    const bea = await issueToken({ username: 'bea', uuid: 'bea-uuid' })
    const vault = createMemoryVault({ active: bea })
    value(await vault.saveActive(ann))
    value(await vault.setEntry('accounts', JSON.stringify(['ann-uuid', 'bea-uuid'])))
    fx.fake.revoke(ann.token)
    const h = harness(vault)
    await h.svc.restore()
    expect(h.state()).toEqual({ kind: 'signed-out', reason: 'token-rejected' })
    // Refused, so gone; bea is kept, and not made active behind the person's back.
    expect(vault.activeKey).toBe(null)
    expect([...vault.entries.keys()]).toEqual(['bea-uuid'])
    expect(await vault.getEntry('accounts')).toEqual({ ok: true, value: JSON.stringify(['bea-uuid']) })
    h.svc.start('link')
    const waiting = await h.reach(waitingFor(1), 'a code')
    const again = fx.fake.approve(waiting.kind === 'waiting' ? (waiting.pins[0]?.code ?? '') : '', { username: 'ann', uuid: 'ann-uuid' })
    tokens.push(again)
    await h.reach(isSignedIn, 'signed in again as ann')
    await h.svc.settled()
    expect(vault.activeKey).toBe('ann-uuid')
    expect(vault.entries.get('ann-uuid')?.token).toBe(again)
    expect(vault.entries.get('bea-uuid')).toEqual(bea)
    expect(await vault.getEntry('accounts')).toEqual({ ok: true, value: JSON.stringify(['ann-uuid', 'bea-uuid']) })
    expect(requestsTo('/api/v2/users/signout')).toHaveLength(0)
  })

  it('refuses to start over a signed-in account', async () => {
    const credential = await issueToken({ username: 'dee', uuid: 'dee-uuid' })
    const h = harness(createMemoryVault({ active: credential }))
    await h.svc.restore()
    expect(h.svc.start('browser')).toMatchObject({ ok: false, error: { code: 'invalid-state' } })
    expect(requestsTo('/api/v2/pins')).toHaveLength(1) // only issueToken's own
  })

  it('neither cancels nor starts anew while an approved token is being saved', async () => {
    const vault = createMemoryVault()
    vault.saveDelayMs = 200
    const h = harness(vault)
    h.svc.start('browser')
    const waiting = await h.reach(waitingFor(1), 'a PIN')
    tokens.push(fx.fake.approve(waiting.kind === 'waiting' ? (waiting.pins[0]?.pinId ?? 0) : 0))
    await until(() => vault.calls.saveActive === 1, 'the save to begin')
    expect(h.svc.cancel()).toMatchObject({ ok: false, error: { code: 'invalid-state' } })
    expect(h.svc.start('link')).toMatchObject({ ok: false, error: { code: 'invalid-state' } })
    expect(await h.svc.checkNow()).toMatchObject({ ok: false, error: { code: 'invalid-state' } })
    await h.reach(isSignedIn, 'signed-in')
    expect(vault.entries.size).toBe(1)
  })
})

describe('the stored token', () => {
  it('restores a signed-in account when plex.tv accepts the token', async () => {
    const credential = await issueToken({ username: 'eve', uuid: 'eve-uuid' })
    const h = harness(createMemoryVault({ active: credential }))
    await h.svc.restore()
    expect(h.state()).toMatchObject({
      kind: 'signed-in',
      health: 'ok',
      account: { username: 'eve', uuid: 'eve-uuid', email: 'tester@example.com' },
      storage: { service: 'plexkey', account: 'eve-uuid' },
    })
    expect(requestsTo('/api/v2/user')[0]?.headers['x-plex-token']).toBe(credential.token)
  })

  it('removes a token plex.tv rejects and says so', async () => {
    const credential = await issueToken({ username: 'fay', uuid: 'fay-uuid' })
    fx.fake.revoke(credential.token)
    const h = harness(createMemoryVault({ active: credential }))
    await h.svc.restore()
    expect(h.state()).toEqual({ kind: 'signed-out', reason: 'token-rejected' })
    expect(h.vault.entries.size).toBe(0)
    expect(h.vault.activeKey).toBeNull()
  })

  it('says so when a rejected token cannot be removed, and tries again on the next check', async () => {
    const credential = await issueToken({ username: 'fin', uuid: 'fin-uuid' })
    fx.fake.revoke(credential.token)
    const vault = createMemoryVault({ active: credential })
    vault.failRemove = true
    const h = harness(vault)
    await h.svc.restore()
    const state = h.state()
    expect(state).toMatchObject({ kind: 'error', error: { code: 'keychain' } })
    const message = state.kind === 'error' ? state.error.message : ''
    expect(message).toContain('no longer accepts')
    expect(message).toContain(keychainFailure.message)
    vault.failRemove = false
    expect(await h.svc.checkNow()).toEqual({ ok: true, value: undefined })
    expect(h.state()).toEqual({ kind: 'signed-out', reason: 'token-rejected' })
    expect(vault.entries.size).toBe(0)
  })

  it('treats 422 "Invalid token" as a rejection too', async () => {
    const credential = await issueToken({ username: 'gil', uuid: 'gil-uuid' })
    fx.fake.fault({ path: '/api/v2/user', status: 422, body: '<errors><error>Invalid token</error></errors>' })
    const h = harness(createMemoryVault({ active: credential }))
    await h.svc.restore()
    expect(h.state()).toEqual({ kind: 'signed-out', reason: 'token-rejected' })
    expect(h.vault.entries.size).toBe(0)
  })

  it('keeps the token when plex.tv is unreachable, and checks again with backoff', async () => {
    const credential = await issueToken({ username: 'hal', uuid: 'hal-uuid' })
    fx.fake.fault({ path: '/api/v2/user', status: 503, times: 1 })
    fx.fake.fault({ path: '/api/v2/user', drop: true, times: 1 })
    const h = harness(createMemoryVault({ active: credential }))
    await h.svc.restore()
    // Only the keychain entry speaks: what plex.tv alone knows is null, not made up.
    expect(h.state()).toMatchObject({
      kind: 'signed-in',
      health: 'unreachable',
      account: { id: null, username: 'hal', uuid: 'hal-uuid', email: null, hasPlexPass: null, avatar: null },
    })
    expect(h.vault.entries.get('hal-uuid')).toEqual(credential)
    const healthy = await h.reach((s) => s.kind === 'signed-in' && s.health === 'ok', 'a later good check')
    expect(healthy).toMatchObject({ account: { username: 'hal', email: 'tester@example.com', hasPlexPass: false } })
    expect(healthy.kind === 'signed-in' && healthy.account.id).toEqual(expect.any(Number))
    expect(requestsTo('/api/v2/user')).toHaveLength(3)
    const healths = h.snapshots.flatMap((s) => (s.state.kind === 'signed-in' ? [s.state.health] : []))
    expect(healths.slice(0, 4)).toEqual(['unreachable', 'checking', 'unreachable', 'checking'])
  })

  it('says when plex.tv is asked again while it cannot be reached, and only then', async () => {
    const credential = await issueToken({ username: 'kit', uuid: 'kit-uuid' })
    // plex.tv's Retry-After sets the retry (within the policy's 2 s cap), so its time is known exactly.
    fx.fake.fault({ path: '/api/v2/user', status: 429, retryAfter: '1', times: 1 })
    const h = harness(createMemoryVault({ active: credential }))
    await h.svc.restore()
    const unreachable = h.state()
    expect(unreachable).toMatchObject({ kind: 'signed-in', health: 'unreachable' })
    expect(unreachable.kind === 'signed-in' && unreachable.nextCheckAt).toBe(unreachable.kind === 'signed-in' && unreachable.checkedAt + 1_000)
    // Checking, then accepted: no retry is pending any more.
    const healthy = await h.reach((s) => s.kind === 'signed-in' && s.health === 'ok', 'the retry accepted')
    expect(healthy).toMatchObject({ nextCheckAt: null })
    const checking = h.snapshots.find((s) => s.state.kind === 'signed-in' && s.state.health === 'checking')
    expect(checking?.state).toMatchObject({ nextCheckAt: null })
  })

  it('treats a rate-limited check as unreachable, not as a verdict', async () => {
    const credential = await issueToken({ username: 'ida', uuid: 'ida-uuid' })
    fx.fake.fault({ path: '/api/v2/user', status: 429 })
    const h = harness(createMemoryVault({ active: credential }))
    await h.svc.restore()
    expect(h.state()).toMatchObject({ kind: 'signed-in', health: 'unreachable' })
    expect(h.vault.entries.size).toBe(1)
  })

  it('reports a keychain that cannot be read', async () => {
    const vault = createMemoryVault()
    vault.failLoad = true
    const h = harness(vault)
    await h.svc.restore()
    expect(h.state()).toEqual({ kind: 'error', error: keychainFailure })
    // Once the keychain is back, checkNow starts over from it.
    vault.failLoad = false
    expect(await h.svc.checkNow()).toEqual({ ok: true, value: undefined })
    expect(h.state()).toEqual({ kind: 'signed-out' })
  })

  it('checks on demand: checking, then the verdict', async () => {
    const credential = await issueToken({ username: 'jo', uuid: 'jo-uuid' })
    const h = harness(createMemoryVault({ active: credential }))
    await h.svc.restore()
    await h.reach((s) => s.kind === 'signed-in' && s.account.avatar !== null, 'the avatar')
    const before = h.snapshots.length
    expect(await h.svc.checkNow()).toEqual({ ok: true, value: undefined })
    expect(h.snapshots.slice(before).map((s) => s.state.kind === 'signed-in' && s.state.health)).toEqual(['checking', 'ok'])
    fx.fake.revoke(credential.token)
    expect(await h.svc.checkNow()).toEqual({ ok: true, value: undefined })
    expect(h.state()).toEqual({ kind: 'signed-out', reason: 'token-rejected' })
    expect(h.vault.entries.size).toBe(0)
    expect(await h.svc.checkNow()).toMatchObject({ ok: false, error: { code: 'invalid-state' } })
  })

  it('checks on a schedule while signed in, and stops on dispose', async () => {
    const credential = await issueToken({ username: 'kim', uuid: 'kim-uuid' })
    const h = harness(createMemoryVault({ active: credential }), { healthCheckIntervalMs: 30 })
    await h.svc.restore()
    await until(() => requestsTo('/api/v2/user').length >= 3, 'scheduled checks')
    h.svc.dispose()
    expect(fx.clock.pending()).toBe(0)
    const sent = fx.fetchCalls()
    await fx.runOut(60_000)
    expect(fx.fetchCalls()).toBe(sent)
  })

  it('signs out: plex.tv revokes the token, the vault forgets it, the client id stays', async () => {
    const credential = await issueToken({ username: 'lee', uuid: 'lee-uuid' })
    const h = harness(createMemoryVault({ active: credential }))
    await h.svc.restore()
    expect(await h.svc.signOut()).toEqual({ ok: true, value: undefined })
    expect(h.state()).toEqual({ kind: 'signed-out', reason: 'signed-out' })
    expect(fx.fake.tokens()).not.toContain(credential.token)
    expect(h.vault.entries.size).toBe(0)
    const signout = requestsTo('/api/v2/users/signout')
    expect(signout).toHaveLength(1)
    expect(signout[0]?.headers['x-plex-token']).toBe(credential.token)
    expect(await h.svc.signOut()).toMatchObject({ ok: false, error: { code: 'invalid-state' } })

    // The next sign-in is the same install to plex.tv.
    h.svc.start('link')
    await h.reach(waitingFor(1), 'a code')
    const api = fx.fake.requests.filter((r) => r.path.startsWith('/api/v2/'))
    const ids = new Set(api.map((r) => r.headers['x-plex-client-identifier']))
    expect([...ids]).toEqual([fx.identity.clientId])
  })

  it('signing out the active account while another is kept makes that one active and checks it', async () => {
    const kim = await issueToken({ username: 'kim', uuid: 'kim-uuid' })
    const lou = await issueToken({ username: 'lou', uuid: 'lou-uuid' })
    const vault = createMemoryVault({ active: kim })
    value(await vault.saveActive(lou))
    value(await vault.setEntry('accounts', JSON.stringify(['lou-uuid', 'kim-uuid'])))
    value(await vault.setEntry('profiles:lou-uuid', '{"active":null,"tokens":{}}'))
    const h = harness(vault)
    await h.svc.restore()
    expect(h.state()).toMatchObject({ kind: 'signed-in', account: { username: 'lou' } })
    const before = h.snapshots.length
    expect(await h.svc.signOut()).toEqual({ ok: true, value: undefined })
    expect(fx.fake.tokens()).not.toContain(lou.token)
    expect(fx.fake.tokens()).toContain(kim.token)
    expect(vault.activeKey).toBe('kim-uuid')
    expect([...vault.entries.keys()]).toEqual(['kim-uuid'])
    expect(await vault.getEntry('profiles:lou-uuid')).toEqual({ ok: true, value: null })
    expect(await vault.getEntry('accounts')).toEqual({ ok: true, value: JSON.stringify(['kim-uuid']) })
    // Never shown signed out: kim is read and checked with plex.tv as at start.
    const after = h.snapshots.slice(before).map((snapshot) => snapshot.state.kind)
    expect(after).not.toContain('signed-out')
    expect(h.state()).toMatchObject({ kind: 'signed-in', health: 'ok', account: { username: 'kim' } })
  })

  it('signs out without waiting for a token check plex.tv is slow to answer', async () => {
    const credential = await issueToken({ username: 'ola', uuid: 'ola-uuid' })
    const h = harness(createMemoryVault({ active: credential }))
    await h.svc.restore()
    // The picture arrives after restore and is published too: let it, before the check starts.
    await h.reach((s) => s.kind === 'signed-in' && s.account.avatar !== null, 'the avatar')
    const held = gate()
    fx.fake.fault({ path: '/api/v2/user', holdUntil: held.opened, times: 1 })
    const checking = h.svc.checkNow()
    await h.reach((s) => s.kind === 'signed-in' && s.health === 'checking', 'a check in flight')
    const before = h.snapshots.length
    expect(await h.svc.signOut()).toEqual({ ok: true, value: undefined })
    expect(await checking).toEqual({ ok: true, value: undefined })
    // Straight from 'checking' to signed-out: the abandoned check left no verdict behind.
    expect(h.snapshots.slice(before).map((s) => s.state)).toEqual([{ kind: 'signed-out', reason: 'signed-out' }])
    expect(fx.fake.tokens()).not.toContain(credential.token)
    held.open()
  })

  it('signs out locally when plex.tv cannot be reached, and says plex.tv was not told', async () => {
    const credential = await issueToken({ username: 'max', uuid: 'max-uuid' })
    const h = harness(createMemoryVault({ active: credential }))
    await h.svc.restore()
    fx.fake.fault({ path: '/api/v2/users/signout', drop: true })
    expect(await h.svc.signOut()).toEqual({ ok: true, value: undefined })
    expect(h.state()).toEqual({ kind: 'signed-out', reason: 'signed-out-locally' })
    expect(h.vault.entries.size).toBe(0)
    // Still valid at plex.tv, which is what the reason says.
    expect(fx.fake.tokens()).toContain(credential.token)
  })

  it('says the same of a sign-out plex.tv answers with a server error', async () => {
    const credential = await issueToken({ username: 'mia', uuid: 'mia-uuid' })
    const h = harness(createMemoryVault({ active: credential }))
    await h.svc.restore()
    fx.fake.fault({ path: '/api/v2/users/signout', status: 503 })
    expect(await h.svc.signOut()).toEqual({ ok: true, value: undefined })
    expect(h.state()).toEqual({ kind: 'signed-out', reason: 'signed-out-locally' })
  })

  it('calls it a full sign-out when plex.tv refuses the token as already dead', async () => {
    const credential = await issueToken({ username: 'moe', uuid: 'moe-uuid' })
    const h = harness(createMemoryVault({ active: credential }))
    await h.svc.restore()
    fx.fake.revoke(credential.token)
    expect(await h.svc.signOut()).toEqual({ ok: true, value: undefined })
    expect(requestsTo('/api/v2/users/signout')).toHaveLength(1)
    expect(h.state()).toEqual({ kind: 'signed-out', reason: 'signed-out' })
    expect(h.vault.entries.size).toBe(0)
  })

  it('reports a keychain that will not let go of the token', async () => {
    const credential = await issueToken({ username: 'ned', uuid: 'ned-uuid' })
    const vault = createMemoryVault({ active: credential })
    const h = harness(vault)
    await h.svc.restore()
    vault.failRemove = true
    expect(await h.svc.signOut()).toEqual({ ok: false, error: keychainFailure })
    expect(h.state()).toEqual({ kind: 'error', error: keychainFailure })
    expect(vault.entries.get('ned-uuid')).toEqual(credential)
  })

  it('stops every timer and request on dispose while waiting', async () => {
    const h = harness()
    h.svc.start('browser')
    h.svc.start('link')
    await h.reach(waitingFor(2), 'two PINs')
    h.svc.dispose()
    expect(fx.clock.pending()).toBe(0)
    const sent = fx.fetchCalls()
    await fx.runOut(60_000)
    expect(fx.fetchCalls()).toBe(sent)
    expect(fx.fake.requests.length).toBeLessThanOrEqual(sent)
    expect(h.svc.start('link')).toMatchObject({ ok: false, error: { code: 'invalid-state' } })
  })
})

describe('the sign-in store', () => {
  it('numbers each change and never publishes the same state twice', () => {
    const store = createSignInStore({ kind: 'restoring' })
    const seen: Snapshot[] = []
    const unsubscribe = store.subscribe((s) => seen.push(s))
    store.set({ kind: 'restoring' })
    store.set({ kind: 'signed-out', reason: 'expired' })
    store.set({ kind: 'signed-out', reason: 'expired' })
    store.set({ kind: 'starting', modes: ['link'] })
    unsubscribe()
    store.set({ kind: 'signed-out' })
    expect(seen).toEqual([
      { seq: 1, state: { kind: 'signed-out', reason: 'expired' } },
      { seq: 2, state: { kind: 'starting', modes: ['link'] } },
    ])
    expect(store.snapshot()).toEqual({ seq: 3, state: { kind: 'signed-out' } })
  })

  it('keeps notifying the others when one listener throws', () => {
    const store = createSignInStore({ kind: 'restoring' })
    const seen: number[] = []
    store.subscribe(() => {
      throw new Error('broken listener')
    })
    store.subscribe((s) => seen.push(s.seq))
    store.set({ kind: 'signed-out' })
    expect(seen).toEqual([1])
  })
})
