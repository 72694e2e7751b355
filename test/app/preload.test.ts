import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { invokeChannels, type PlexkeyApi, type Result, type ServersView, type Snapshot } from '../../preload/api'
import { contextBridge, ipcRenderer, standIn } from '../support/electron-stand-in'
import { type IpcHarness, startIpcHarness } from '../support/shell-harness'

// The preload, evaluated once against the stand-in: what it puts on window.plexkey and how each
// method maps onto the contract.

let exposed: PlexkeyApi
let exposedKeys: string[]
beforeAll(async () => {
  standIn.reset()
  await import('../../preload/index')
  exposed = contextBridge.exposed.get('plexkey') as PlexkeyApi
  exposedKeys = [...contextBridge.exposed.keys()]
})
beforeEach(() => standIn.reset())


describe('window.plexkey', () => {
  it('is the only thing exposed, with exactly the contract’s methods', async () => {
    const api = exposed
    expect(exposedKeys).toEqual(['plexkey'])
    expect(Object.keys(api).sort()).toEqual(['accounts', 'app', 'auth', 'devices', 'identities', 'profiles', 'servers', 'settings', 'tools'])
    expect(Object.keys(api.auth).sort()).toEqual(
      ['cancel', 'checkNow', 'copy', 'getState', 'onStateChanged', 'openBrowser', 'signOut', 'start'].sort(),
    )
    expect(Object.keys(api.app).sort()).toEqual(['copyClientId', 'getInfo', 'openHelp'])
    expect(Object.keys(api.settings).sort()).toEqual(['get', 'set'])
    expect(Object.keys(api.servers).sort()).toEqual(['copyAddress', 'onChanged', 'openWeb', 'refresh'])
    expect(Object.keys(api.identities).sort()).toEqual(['get', 'onChanged'])
    expect(Object.keys(api.accounts).sort()).toEqual(['add', 'signOut', 'switch'])
    expect(Object.keys(api.profiles).sort()).toEqual(['onPinWanted', 'switch'])
    expect(Object.keys(api.tools).sort()).toEqual(['list', 'revoke'])
    expect(Object.keys(api.devices).sort()).toEqual(['list', 'remove'])
    // Functions only: no ipcRenderer, no Electron object, no data that could leak.
    for (const group of Object.values(api)) {
      for (const member of Object.values(group as Record<string, unknown>)) expect(typeof member).toBe('function')
    }
  })

  it('maps every method to its channel with its argument, and together they cover every channel', async () => {
    const api = exposed
    ipcRenderer.respond = (channel) => ({ ok: true, value: channel })
    const calls: [Promise<Result<unknown>>, string, unknown[]][] = [
      [api.auth.getState(), 'auth:get-state', []],
      [api.auth.start({ mode: 'link' }), 'auth:start', [{ mode: 'link' }]],
      [api.auth.cancel(), 'auth:cancel', []],
      [api.auth.openBrowser(), 'auth:open-browser', []],
      [api.auth.copy({ what: 'url', mode: 'browser' }), 'auth:copy', [{ what: 'url', mode: 'browser' }]],
      [api.auth.checkNow(), 'auth:check-now', []],
      [api.auth.signOut(), 'auth:sign-out', []],
      [api.app.getInfo(), 'app:get-info', []],
      [api.app.openHelp({ topic: 'link' }), 'app:open-help', [{ topic: 'link' }]],
      [api.app.copyClientId(), 'app:copy-client-id', []],
      [api.settings.get(), 'settings:get', []],
      [api.settings.set({ authScheme: 'jwt' }), 'settings:set', [{ authScheme: 'jwt' }]],
      [api.servers.refresh(), 'servers:refresh', []],
      [api.servers.copyAddress({ clientIdentifier: 'abc' }), 'servers:copy-address', [{ clientIdentifier: 'abc' }]],
      [api.servers.openWeb({ clientIdentifier: 'abc' }), 'servers:open-web', [{ clientIdentifier: 'abc' }]],
      [api.identities.get(), 'identities:get', []],
      [api.accounts.add({ mode: 'link' }), 'accounts:add', [{ mode: 'link' }]],
      [api.accounts.switch({ uuid: 'u1' }), 'accounts:switch', [{ uuid: 'u1' }]],
      [api.accounts.signOut({ uuid: 'u2' }), 'accounts:sign-out', [{ uuid: 'u2' }]],
      [api.profiles.switch({ uuid: 'p1', pin: '1234' }), 'profiles:switch', [{ uuid: 'p1', pin: '1234' }]],
      [api.tools.list(), 'tools:list', []],
      [api.tools.revoke({ name: 'kometa' }), 'tools:revoke', [{ name: 'kometa' }]],
      [api.devices.list(), 'devices:list', []],
      [api.devices.remove({ id: 7 }), 'devices:remove', [{ id: 7 }]],
    ]
    for (const [promise, channel] of calls) expect(await promise).toEqual({ ok: true, value: channel })
    expect(ipcRenderer.invocations).toEqual(calls.map(([, channel, args]) => ({ channel, args })))
    expect(new Set(ipcRenderer.invocations.map((i) => i.channel))).toEqual(new Set(Object.keys(invokeChannels)))
  })

  it('onStateChanged hands the listener the snapshot only, and its unsubscribe stops delivery', async () => {
    const api = exposed
    const received: unknown[][] = []
    const unsubscribe = api.auth.onStateChanged((...args: unknown[]) => received.push(args))
    const first: Snapshot = { seq: 1, state: { kind: 'signed-out' } }
    ipcRenderer.deliver('auth:state-changed', first)
    expect(received).toEqual([[first]])

    unsubscribe()
    expect(ipcRenderer.listenerCount('auth:state-changed')).toBe(0)
    ipcRenderer.deliver('auth:state-changed', { seq: 2, state: { kind: 'restoring' } })
    expect(received).toHaveLength(1)
  })

  it('servers.onChanged hands the listener the list only, and its unsubscribe stops delivery', async () => {
    const received: unknown[][] = []
    const unsubscribe = exposed.servers.onChanged((...args: unknown[]) => received.push(args))
    const view: ServersView = { servers: [], checkedAt: 1 }
    ipcRenderer.deliver('servers:changed', view)
    // Each subscription hears its own channel only.
    ipcRenderer.deliver('auth:state-changed', { seq: 1, state: { kind: 'restoring' } })
    expect(received).toEqual([[view]])

    unsubscribe()
    expect(ipcRenderer.listenerCount('servers:changed')).toBe(0)
    ipcRenderer.deliver('servers:changed', { servers: [], checkedAt: 2 })
    expect(received).toHaveLength(1)
  })

  it('profiles.onPinWanted hands the listener the profile only, and its unsubscribe stops delivery', async () => {
    const received: unknown[][] = []
    const unsubscribe = exposed.profiles.onPinWanted((...args: unknown[]) => received.push(args))
    ipcRenderer.deliver('profiles:pin-wanted', { uuid: 'p1' })
    ipcRenderer.deliver('identities:changed', { accounts: [], profiles: { kind: 'no-home' } })
    expect(received).toEqual([[{ uuid: 'p1' }]])

    unsubscribe()
    expect(ipcRenderer.listenerCount('profiles:pin-wanted')).toBe(0)
    ipcRenderer.deliver('profiles:pin-wanted', { uuid: 'p2' })
    expect(received).toHaveLength(1)
  })

  it('keeps each subscription separate', async () => {
    const api = exposed
    const a: Snapshot[] = []
    const b: Snapshot[] = []
    const stopA = api.auth.onStateChanged((s) => a.push(s))
    api.auth.onStateChanged((s) => b.push(s))
    stopA()
    ipcRenderer.deliver('auth:state-changed', { seq: 3, state: { kind: 'restoring' } })
    expect(a).toEqual([])
    expect(b).toHaveLength(1)
  })
})

describe('window.plexkey wired to main', () => {
  let h: IpcHarness
  afterEach(async () => {
    await h.close()
  })

  it('reaches the real handlers through the contract', async () => {
    h = await startIpcHarness()
    const api = exposed
    // The renderer's invoke arrives at main as a message from our window's main frame.
    ipcRenderer.respond = (channel, args) => h.invoke(channel, ...args)
    const info = await api.app.getInfo()
    expect(info).toEqual({ ok: true, value: { version: '0.1.0', platform: 'linux', clientId: h.fx.identity.clientId } })
    expect(await api.auth.start({ mode: 'browser' })).toEqual({ ok: true, value: undefined })
    await h.reach((s) => s.kind === 'waiting', 'a PIN')
    expect(await api.auth.cancel()).toEqual({ ok: true, value: undefined })
    expect((await api.settings.set({ openAtLogin: true })).ok).toBe(true)
  })
})
