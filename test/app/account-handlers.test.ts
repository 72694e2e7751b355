import { describe, expect, it } from 'vitest'
import type { AccountListing, IdentitiesView, SignInState } from '../../preload/api'
import { HOSTILE_PROFILE_NAME, LONG_PROFILE_NAME, SECOND_ACCOUNT } from '../fake-plex/home-state'
import { failure, useScannedIpcHarness, value } from '../support/ipc-answers'
import type { IpcHarness } from '../support/shell-harness'
import { until } from '../support/signin-fixture'

// The window's accounts: identities:get and accounts:add|switch|sign-out through the handlers the
// app registers on (the stand-in's) ipcMain, over the real sign-in and identity services, the fake
// plex.tv (several accounts, approval as any of them) and a keychain held in memory.

const LONG = { username: 'long.name', title: LONG_PROFILE_NAME }
const HOSTILE = { username: 'mallory', title: HOSTILE_PROFILE_NAME }

let h: IpcHarness
// No token the fake ever issued crossed IPC (either way) or reached a log line.
useScannedIpcHarness((started) => {
  h = started
})

const identities = async (): Promise<IdentitiesView> => value<IdentitiesView>(await h.invoke('identities:get'))
const signedInAs = (s: SignInState): string | null => (s.kind === 'signed-in' ? s.account.username : null)

/** Approves the link PIN the window shows as this account (the fake's default one when none): its token. */
async function approveAs(user?: { readonly username: string; readonly title: string }): Promise<string> {
  const waiting = await h.reach((s) => s.kind === 'waiting' && s.pins.length > 0, 'a link PIN')
  if (waiting.kind !== 'waiting' || !waiting.pins[0]) throw new Error('no PIN')
  const token = h.fx.fake.approve(waiting.pins[0].pinId, user)
  await h.reach((s) => signedInAs(s) === (user?.username ?? 'plexkey-tester') && s.kind === 'signed-in', 'signed in')
  return token
}

/** Signs in with the usual sign-in, as the window's first screen does. */
async function signIn(user?: { readonly username: string; readonly title: string }): Promise<string> {
  value(await h.invoke('auth:start', { mode: 'link' }))
  return approveAs(user)
}

/** "Add another account", approved as this one. */
async function add(user: { readonly username: string; readonly title: string }): Promise<string> {
  value(await h.invoke('accounts:add', { mode: 'link' }))
  return approveAs(user)
}

/** Waits until the view the window would get says what the test expects. */
async function viewWhere(predicate: (view: IdentitiesView) => boolean, what: string): Promise<IdentitiesView> {
  await until(() => predicate(h.identities.view()), what)
  return identities()
}
const names = (view: IdentitiesView) => view.accounts.map((a: AccountListing) => [a.username, a.active, a.needsAttention])
const uuidOf = (view: IdentitiesView, username: string): string => {
  const found = view.accounts.find((a) => a.username === username)
  if (!found) throw new Error(`${username} is not listed`)
  return found.uuid
}

describe('identities:get', () => {
  it('lists every kept account, the active one first, with names as plex.tv sent them and pictures fetched by main', async () => {
    expect(await identities()).toEqual({ accounts: [], profiles: { kind: 'no-home' } })
    await signIn(LONG)
    await add(HOSTILE)
    const view = await viewWhere((v) => v.accounts.length === 2 && v.accounts.every((a) => a.avatar !== null), 'both accounts with their pictures')
    expect(view.accounts.map((a) => [a.username, a.title, a.active, a.needsAttention])).toEqual([
      ['mallory', HOSTILE_PROFILE_NAME, true, false],
      ['long.name', LONG_PROFILE_NAME, false, false],
    ])
    for (const account of view.accounts) expect(account.avatar).toMatch(/^data:image\/png;base64,/)
    // Neither account has a Plex Home at the fake.
    expect(view.profiles).toEqual({ kind: 'no-home' })
  })

  it('lists the active account’s Home profiles, the active one marked, and follows the account', async () => {
    await signIn()
    const view = await viewWhere((v) => v.profiles.kind === 'listed', 'the Home listed')
    if (view.profiles.kind !== 'listed') throw new Error('not listed')
    const owner = view.profiles.profiles.find((p) => p.admin)
    expect(owner?.active).toBe(true)
    expect(view.profiles.profiles.filter((p) => p.active)).toHaveLength(1)
    expect(view.profiles.profiles.some((p) => p.protected)).toBe(true)
    // Another account, with no Home: its profiles are not the first one's.
    await add({ username: SECOND_ACCOUNT.username, title: SECOND_ACCOUNT.title })
    expect((await viewWhere((v) => v.profiles.kind === 'no-home', 'no Home for the second account')).accounts).toHaveLength(2)
  })
})

describe('identities:changed', () => {
  it('is heard only when the view changes', async () => {
    await signIn(LONG)
    await add(HOSTILE)
    await h.identities.settled()
    const heard: IdentitiesView[] = []
    const stop = h.identities.subscribe((view) => heard.push(view))
    // Nothing changed: the keychain and plex.tv say what they said.
    await h.identities.refresh()
    await h.identities.settled()
    expect(heard).toEqual([])
    const view = await identities()
    value(await h.invoke('accounts:sign-out', { uuid: uuidOf(view, 'long.name') }))
    stop()
    expect(heard.map(names)).toEqual([[['mallory', true, false]]])
  })
})

describe('accounts:switch', () => {
  it('makes the other account active, and the sign-in state follows it', async () => {
    await signIn(LONG)
    await add(HOSTILE)
    const view = await viewWhere((v) => v.accounts.length === 2, 'two accounts')
    value(await h.invoke('accounts:switch', { uuid: uuidOf(view, 'long.name') }))
    expect(signedInAs(h.state())).toBe('long.name')
    expect(names(await viewWhere((v) => v.accounts[0]?.username === 'long.name', 'the switch listed'))).toEqual([
      ['long.name', true, false],
      ['mallory', false, false],
    ])
    // The keychain says so too: the next start restores the account switched to.
    expect(h.vault.activeKey).toBe(uuidOf(view, 'long.name'))
  })

  it('an account that is not kept: invalid-state, and nothing changes', async () => {
    await signIn(LONG)
    expect(failure(await h.invoke('accounts:switch', { uuid: 'no-such-account' }))).toMatchObject({ code: 'invalid-state' })
    expect(signedInAs(h.state())).toBe('long.name')
  })
})

describe('accounts:sign-out', () => {
  it('the active account while another remains: the other becomes active, and the state and the log say so', async () => {
    const longToken = await signIn(LONG)
    const hostileToken = await add(HOSTILE)
    const view = await viewWhere((v) => v.accounts.length === 2, 'two accounts')
    value(await h.invoke('accounts:sign-out', { uuid: uuidOf(view, 'mallory') }))
    expect(signedInAs(await h.reach((s) => s.kind === 'signed-in', 'the other account active'))).toBe('long.name')
    expect(names(await viewWhere((v) => v.accounts.length === 1, 'one account left'))).toEqual([['long.name', true, false]])
    expect(h.fx.fake.tokens()).not.toContain(hostileToken)
    expect(h.fx.fake.tokens()).toContain(longToken)
    expect(h.logLines.some((line) => line.includes('another account is active now') && line.includes('long.name'))).toBe(true)
  })

  it('another account: only it goes, at plex.tv and in the keychain; the active one stays signed in', async () => {
    const longToken = await signIn(LONG)
    const hostileToken = await add(HOSTILE)
    const view = await viewWhere((v) => v.accounts.length === 2, 'two accounts')
    const states: SignInState[] = []
    const stop = h.service.subscribe((s) => states.push(s.state))
    value(await h.invoke('accounts:sign-out', { uuid: uuidOf(view, 'long.name') }))
    stop()
    // Only the active account's picture may arrive meanwhile: it never leaves signed-in as mallory.
    expect(states.map(signedInAs).filter((who) => who !== 'mallory')).toEqual([])
    expect(signedInAs(h.state())).toBe('mallory')
    expect(names(await identities())).toEqual([['mallory', true, false]])
    expect(h.fx.fake.tokens()).not.toContain(longToken)
    expect(h.fx.fake.tokens()).toContain(hostileToken)
    expect(await h.vault.load(uuidOf(view, 'long.name'))).toEqual({ ok: true, value: null })
  })

  it('an account that is not kept: invalid-state', async () => {
    await signIn(LONG)
    expect(failure(await h.invoke('accounts:sign-out', { uuid: 'no-such-account' }))).toMatchObject({ code: 'invalid-state' })
    expect(signedInAs(h.state())).toBe('long.name')
  })
})

describe('accounts:add', () => {
  it('cancelled: back to the account still active, which was never signed out', async () => {
    const token = await signIn(LONG)
    value(await h.invoke('accounts:add', { mode: 'link' }))
    await h.reach((s) => s.kind === 'waiting' && s.pins.length > 0, 'a link PIN')
    // While the other account is being added, the window still lists the active one (its way back).
    expect(names(await identities())).toEqual([['long.name', true, false]])
    value(await h.invoke('auth:cancel'))
    expect(signedInAs(await h.reach((s) => s.kind === 'signed-in', 'back'))).toBe('long.name')
    expect(h.fx.fake.tokens()).toContain(token)
  })

  it('its PIN expired: the way back stays open', async () => {
    await signIn(LONG)
    h.fx.fake.setLifetimes({ linkSec: 1 })
    value(await h.invoke('accounts:add', { mode: 'link' }))
    await h.reach((s) => s.kind === 'signed-out' || s.kind === 'error', 'the added sign-in to end')
    value(await h.invoke('auth:cancel'))
    expect(signedInAs(await h.reach((s) => s.kind === 'signed-in', 'back'))).toBe('long.name')
  })

  it('a plain auth:start while signed in still refuses', async () => {
    await signIn(LONG)
    expect(failure(await h.invoke('auth:start', { mode: 'link' }))).toMatchObject({ code: 'invalid-state' })
  })
})

describe('an account plex.tv no longer accepts', () => {
  it('is marked, not removed; choosing it signs it in again', async () => {
    const longToken = await signIn(LONG)
    await add(HOSTILE)
    await viewWhere((v) => v.accounts.length === 2, 'two accounts')
    h.fx.fake.revoke(longToken)
    // plex.tv is asked again once the last verdict is old enough (the fake clock moves on).
    h.fx.clock.advance(10 * 60_000)
    await h.identities.refresh()
    const view = await identities()
    expect(names(view)).toEqual([
      ['mallory', true, false],
      ['long.name', false, true],
    ])
    // Choosing it runs the usual sign-in beside the active account, which a sign-in as it refreshes.
    value(await h.invoke('accounts:switch', { uuid: uuidOf(view, 'long.name') }))
    await approveAs(LONG)
    expect(names(await viewWhere((v) => v.accounts[0]?.username === 'long.name', 'signed in again'))).toEqual([
      ['long.name', true, false],
      ['mallory', false, false],
    ])
  })
})
