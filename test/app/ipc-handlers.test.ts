import { readdir, readFile } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { invokeChannels, type InvokeChannel, type Result, type Snapshot } from '../../preload/api'
import { createLogger } from '../../main/core/log'
import type { SignInService } from '../../main/core/signin/signin-service'
import { createIpcHandlers } from '../../main/app/ipc-handlers'
import { dispatchInvoke } from '../../main/app/ipc-main'
import { clipboard, ipcMain, shell, StandInFrame, StandInWebContents } from '../support/electron-stand-in'
import { type IpcHarness, startIpcHarness } from '../support/shell-harness'
import { rawRequest } from '../support/raw-http'
import { forwardUrlOf, RETURN_ADDRESS } from '../support/return-address'
import { until } from '../support/signin-fixture'
import { deviceActionsOn } from '../support/device-actions-on'
import { toolActionsOn } from '../support/tool-actions-on'
import { profileActionsOn } from '../support/profile-actions-on'
import { serverDirectoryOn } from '../support/server-directory-on'
import { accountActionsOn } from '../support/account-actions-on'

// Every invoke channel, driven through the handler the app registered on (the stand-in's) ipcMain,
// over the real sign-in service and the fake plex.tv.

let h: IpcHarness
beforeEach(async () => {
  h = await startIpcHarness()
})
afterEach(async () => {
  await h.close()
})

const channels = Object.keys(invokeChannels) as InvokeChannel[]

function failure(result: unknown): { code: string; message: string } {
  const r = result as Result<unknown>
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r)}`)
  return r.error
}

function value<T>(result: unknown): T {
  const r = result as Result<T>
  if (!r.ok) throw new Error(`expected success, got ${r.error.code}: ${r.error.message}`)
  return r.value
}

async function waitingPin(mode: 'browser' | 'link') {
  const state = await h.reach(
    (s) => s.kind === 'waiting' && s.pins.some((p) => p.mode === mode),
    `a ${mode} PIN`,
  )
  if (state.kind !== 'waiting') throw new Error('not waiting')
  const pin = state.pins.find((p) => p.mode === mode)
  if (!pin) throw new Error('no pin')
  return pin
}

describe('registration', () => {
  it('registers exactly one handler per contract channel', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...channels].sort())
  })
})

describe('auth channels', () => {
  it('auth:get-state returns the current snapshot', async () => {
    expect(value<Snapshot>(await h.invoke('auth:get-state'))).toEqual({ seq: 0, state: { kind: 'restoring' } })
    await h.service.restore()
    expect(value<Snapshot>(await h.invoke('auth:get-state'))).toEqual({ seq: 1, state: { kind: 'signed-out' } })
  })

  it('signs in through the browser: start, open the hosted page, approval, signed in, sign out', async () => {
    expect(value(await h.invoke('auth:start', { mode: 'browser' }))).toBeUndefined()
    const pin = await waitingPin('browser')
    // Starting opens the hosted page by itself, once plex.tv has issued the PIN, with the return
    // page on this machine in forwardUrl (the address the window shows has none)...
    await until(() => shell.opened.length === 1, 'the hosted page to open')
    const opened = shell.opened[0] ?? ''
    const back = forwardUrlOf(opened) ?? ''
    expect(back).toMatch(RETURN_ADDRESS)
    expect(opened).toBe(new URL(pin.url.replace(/(&code=[^&]+)/, `$1&forwardUrl=${encodeURIComponent(back)}`)).href)
    expect(pin.url).not.toContain('forwardUrl')
    expect(pin.url.startsWith(h.fx.fake.authUrl)).toBe(true)
    // ...and "Open browser again" opens the same page, without a new PIN or a new return page.
    expect(value(await h.invoke('auth:open-browser'))).toBeUndefined()
    expect(shell.opened).toEqual([opened, opened])
    expect(h.fx.fake.pins()).toHaveLength(1)

    const token = h.fx.fake.approve(pin.pinId, { username: 'back-home' })
    // The browser comes back from Plex's page: signed in at once, and the page says as whom.
    expect((await rawRequest(back)).body).toContain('This sign-in is complete; you can close this tab.')
    const signedIn = await h.reach((s) => s.kind === 'signed-in', 'signed in')
    expect(JSON.stringify(value(await h.invoke('auth:get-state')))).not.toContain(token)
    expect(JSON.stringify(signedIn)).not.toContain(token)

    expect(value(await h.invoke('auth:check-now'))).toBeUndefined()
    expect(value(await h.invoke('auth:sign-out'))).toBeUndefined()
    expect(h.state()).toEqual({ kind: 'signed-out', reason: 'signed-out' })
    expect(h.vault.activeKey).toBeNull()
  })

  it('auth:copy puts the live code or URL on the clipboard', async () => {
    await h.invoke('auth:start', { mode: 'link' })
    const pin = await waitingPin('link')
    expect(value(await h.invoke('auth:copy', { what: 'code', mode: 'link' }))).toBeUndefined()
    expect(clipboard.text).toBe(pin.code)
    expect(value(await h.invoke('auth:copy', { what: 'url', mode: 'link' }))).toBeUndefined()
    expect(clipboard.text).toBe(pin.url)
  })

  it('auth:copy and auth:open-browser refuse when there is no PIN of that mode', async () => {
    expect(failure(await h.invoke('auth:copy', { what: 'code', mode: 'browser' })).code).toBe('invalid-state')
    expect(failure(await h.invoke('auth:open-browser')).code).toBe('invalid-state')
    await h.invoke('auth:start', { mode: 'link' })
    await waitingPin('link')
    // A link PIN is running, but there is still no browser page to open.
    expect(failure(await h.invoke('auth:open-browser')).code).toBe('invalid-state')
    expect(shell.opened).toEqual([])
    expect(clipboard.text).toBe('')
  })

  it('auth:cancel stops the sign-in; a second cancel is an invalid-state error', async () => {
    await h.invoke('auth:start', { mode: 'browser' })
    await waitingPin('browser')
    expect(value(await h.invoke('auth:cancel'))).toBeUndefined()
    expect(h.state()).toEqual({ kind: 'signed-out', reason: 'cancelled' })
    expect(failure(await h.invoke('auth:cancel')).code).toBe('invalid-state')
  })

  it('auth:check-now and auth:sign-out while signed out answer invalid-state', async () => {
    await h.service.restore()
    expect(failure(await h.invoke('auth:check-now')).code).toBe('invalid-state')
    expect(failure(await h.invoke('auth:sign-out')).code).toBe('invalid-state')
  })
})

describe('app channels', () => {
  it('app:get-info returns version, platform and the client id', async () => {
    expect(value(await h.invoke('app:get-info'))).toEqual({
      version: '0.1.0',
      platform: 'linux',
      clientId: h.fx.identity.clientId,
    })
  })

  it('app:copy-client-id puts main\'s own client id on the clipboard', async () => {
    expect(value(await h.invoke('app:copy-client-id'))).toBeUndefined()
    expect(clipboard.text).toBe(h.fx.identity.clientId)
  })

  it('app:open-help opens the fixed page for its topic', async () => {
    expect(value(await h.invoke('app:open-help', { topic: 'link' }))).toBeUndefined()
    expect(shell.opened).toEqual(['https://plex.tv/link'])
  })
})

describe('settings channels', () => {
  it('settings:get starts at the defaults', async () => {
    expect(value(await h.invoke('settings:get'))).toEqual({ openAtLogin: false, authScheme: 'legacy', allowUnencryptedServers: false })
  })

  it('settings:set saves the patch to disk, applies "start at login", and settings:get reflects it', async () => {
    expect(value(await h.invoke('settings:set', { openAtLogin: true }))).toEqual({
      openAtLogin: true,
      authScheme: 'legacy',
      allowUnencryptedServers: false,
    })
    expect(value(await h.invoke('settings:set', { authScheme: 'jwt' }))).toEqual({ openAtLogin: true, authScheme: 'jwt', allowUnencryptedServers: false })
    expect(h.loginItems).toEqual([true])
    expect(JSON.parse(await readFile(`${h.configDir}/settings.json`, 'utf8'))).toEqual({
      openAtLogin: true,
      authScheme: 'jwt',
      allowUnencryptedServers: false,
    })
    expect(value(await h.invoke('settings:get'))).toEqual({ openAtLogin: true, authScheme: 'jwt', allowUnencryptedServers: false })
    // An empty patch changes nothing and applies nothing.
    expect(value(await h.invoke('settings:set', {}))).toEqual({ openAtLogin: true, authScheme: 'jwt', allowUnencryptedServers: false })
    expect(h.loginItems).toEqual([true])
  })

  it('two quick toggles of "start at login" leave the OS and the saved setting agreeing', async () => {
    // The second toggle is sent before the first is saved, as a double click in the tray would.
    const [on, off] = await Promise.all([
      h.invoke('settings:set', { openAtLogin: true }),
      h.invoke('settings:set', { openAtLogin: false }),
    ])
    expect(value(on)).toMatchObject({ openAtLogin: true })
    expect(value(off)).toMatchObject({ openAtLogin: false })
    expect(h.loginItems).toEqual([true, false])
    expect(JSON.parse(await readFile(`${h.configDir}/settings.json`, 'utf8'))).toMatchObject({ openAtLogin: false })
  })
})

describe('settings:set when the OS refuses the login item', () => {
  it('returns the error and keeps the previous value on disk and in memory', async () => {
    await h.close()
    h = await startIpcHarness({ loginItemFails: true })
    const error = failure(await h.invoke('settings:set', { openAtLogin: true }))
    expect(error.message).toBe('login item refused')
    expect(value(await h.invoke('settings:get'))).toEqual({ openAtLogin: false, authScheme: 'legacy', allowUnencryptedServers: false })
    expect(JSON.parse(await readFile(`${h.configDir}/settings.json`, 'utf8'))).toMatchObject({ openAtLogin: false })
  })
})

describe('hostile arguments', () => {
  const withArgument = ['auth:start', 'auth:copy', 'app:open-help', 'settings:set', 'accounts:add', 'accounts:switch', 'accounts:sign-out', 'profiles:switch', 'tools:revoke', 'devices:remove']
  const voidChannels = channels.filter((c) => !withArgument.includes(c))

  const pollutedJson = JSON.parse('{"mode":"browser","__proto__":{"polluted":true}}') as unknown
  const constructorKey = { mode: 'browser', constructor: { prototype: { polluted: true } } }
  const withPrototype = Object.create({ mode: 'browser' }) as unknown
  const huge = 'x'.repeat(1_000_000)

  const badArguments: Record<string, readonly (readonly unknown[])[]> = {
    'auth:start': [
      [],
      [null],
      ['browser'],
      [['browser']],
      [{}],
      [{ mode: 'phone' }],
      [{ mode: 1 }],
      [{ mode: huge }],
      [{ mode: 'browser', extra: true }],
      [pollutedJson],
      [constructorKey],
      [withPrototype],
      [{ mode: 'browser' }, { mode: 'link' }],
    ],
    'auth:copy': [
      [{ what: 'code' }],
      [{ what: 'token', mode: 'browser' }],
      [{ what: 'code', mode: 'browser', value: 'x' }],
      [{ what: ['code'], mode: 'browser' }],
      [JSON.parse('{"what":"code","mode":"link","__proto__":{"polluted":true}}')],
      [{ what: 'code', mode: huge }],
    ],
    'app:open-help': [
      [{ topic: 'https://evil.example' }],
      [{ topic: 'keychain' }],
      [{ topic: 'status' }],
      [{ topic: 'link', url: 'https://evil.example' }],
      [{ topic: 'constructor' }],
      [{ topic: '__proto__' }],
      [null],
    ],
    'settings:set': [
      [null],
      [[]],
      ['openAtLogin'],
      [{ openAtLogin: 'yes' }],
      [{ authScheme: 'oauth' }],
      [{ openAtLogin: true, token: 'abc' }],
      [JSON.parse('{"openAtLogin":true,"__proto__":{"polluted":true}}')],
      [{ openAtLogin: true, nested: { deeper: { deepest: { end: 1 } } } }],
      [Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]))],
    ],
    'accounts:add': [[{ mode: 'phone' }], [{ mode: 'link', uuid: 'abc' }], [null], []],
    'accounts:switch': [[{ uuid: '' }], [{ uuid: 'a b' }], [{ uuid: '../x' }], [{ uuid: 'x'.repeat(65) }], [{ uuid: 1 }], [null], []],
    'accounts:sign-out': [[{ uuid: '\u001b[31m' }], [{ uuid: 'abc', all: true }], [{}], []],
    'profiles:switch': [
      [{ uuid: 'abc', pin: '123' }],
      [{ uuid: 'abc', pin: '12345' }],
      [{ uuid: 'abc', pin: '12a4' }],
      [{ uuid: 'abc', pin: 1234 }],
      [{ uuid: 'abc', pin: '1234', remember: true }],
      [{ pin: '1234' }],
      [],
    ],
    'tools:revoke': [[{ name: 'a'.repeat(33) }], [{ name: 'kometa;rm' }], [{ name: '' }], [{ name: 'ünïcode' }], []],
    'devices:remove': [[{ id: 0 }], [{ id: -1 }], [{ id: 1.5 }], [{ id: '12' }], [{ id: 12, name: 'x' }], []],
  }
  for (const channel of voidChannels) {
    badArguments[channel] = [[{}], [null], ['x'], [1], [[]], [{ mode: 'browser' }], [undefined, undefined]]
  }

  it('names a prototype-pollution key, an inherited field and an oversized string in its refusal', async () => {
    expect(failure(await h.invoke('auth:start', pollutedJson)).message).toContain('"__proto__" is not allowed')
    expect(failure(await h.invoke('auth:start', constructorKey)).message).toContain('"constructor" is not allowed')
    // Electron's structured clone drops a prototype on the way; main refuses one even without that,
    // so the handler is called here as it is registered, with no IPC in between.
    const handler = ipcMain.handlers.get('auth:start')
    const direct = await handler?.({ sender: h.window.webContents, senderFrame: h.window.webContents.mainFrame }, withPrototype)
    expect(failure(direct).message).toContain('not a plain object')
    expect(failure(await h.invoke('auth:start', { mode: huge })).message).toContain('too long')
  })

  it('has bad arguments for every channel', () => {
    expect(Object.keys(badArguments).sort()).toEqual([...channels].sort())
  })

  for (const channel of channels) {
    it(`${channel} refuses each one as invalid-argument and changes nothing`, async () => {
      const before = h.service.getSnapshot()
      const requestsBefore = h.fx.fetchCalls()
      for (const args of badArguments[channel] ?? []) {
        const error = failure(await h.invoke(channel, ...args))
        expect(error.code, `${channel} ${JSON.stringify(args)?.slice(0, 80)}`).toBe('invalid-argument')
        // The message names the problem but never echoes the hostile value.
        expect(error.message.length).toBeLessThan(300)
      }
      expect(h.service.getSnapshot()).toBe(before)
      expect(h.fx.fetchCalls()).toBe(requestsBefore)
      expect(shell.opened).toEqual([])
      expect(clipboard.text).toBe('')
      expect(h.loginItems).toEqual([])
      expect(await readdir(h.configDir)).toEqual([])
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    })
  }
})

describe('untrusted senders', () => {
  const foreignContents = () => new StandInWebContents()

  function events() {
    const ours = h.window.webContents
    const subframe = new StandInFrame('app://plexkey/index.html', ours.mainFrame, ours.id)
    const elsewhere = new StandInWebContents()
    void elsewhere.loadURL('app://plexkey/index.html')
    return {
      'another webContents showing our page': { sender: elsewhere, senderFrame: elsewhere.mainFrame },
      'a subframe of our window': { sender: ours, senderFrame: subframe },
      'our frame after navigating elsewhere': {
        sender: ours,
        senderFrame: Object.assign(new StandInFrame('https://evil.example/', null, ours.id), {
          routingId: ours.mainFrame.routingId,
        }),
      },
      'a frame that is gone': { sender: ours, senderFrame: null },
      'our webContents with another webContents’ main frame': { sender: ours, senderFrame: foreignContents().mainFrame },
    }
  }

  for (const channel of channels) {
    it(`${channel} answers forbidden and does nothing`, async () => {
      const args = channel === 'auth:start' ? [{ mode: 'browser' }] : channel === 'settings:set' ? [{ openAtLogin: true }] : []
      for (const [what, event] of Object.entries(events())) {
        const error = failure(await h.invokeAs(event, channel, ...args))
        expect(error.code, what).toBe('forbidden')
      }
      expect(h.state().kind).toBe('restoring')
      expect(h.loginItems).toEqual([])
      expect(shell.opened).toEqual([])
    })
  }

  it('refuses our own window once it is destroyed', async () => {
    const event = { sender: h.window.webContents, senderFrame: h.window.webContents.mainFrame }
    h.window.destroy()
    expect(failure(await h.invokeAs(event, 'auth:get-state')).code).toBe('forbidden')
  })

  it('accepts our window when its frame wrapper is a different object for the same frame', async () => {
    const ours = h.window.webContents
    const sameFrame = Object.assign(new StandInFrame(ours.mainFrame.url, null, ours.mainFrame.processId), {
      routingId: ours.mainFrame.routingId,
    })
    expect(value(await h.invokeAs({ sender: ours, senderFrame: sameFrame }, 'app:get-info'))).toMatchObject({
      version: '0.1.0',
    })
  })
})

describe('unexpected failures', () => {
  it('become an "unknown" Result, never a rejection, and the log is redacted', async () => {
    const lines: string[] = []
    const log = createLogger('ipc', { sink: (line) => lines.push(line) })
    const secret = 'X-Plex-Token=abcdefghijklmnop1234'
    const exploding = {
      getSnapshot: () => {
        throw new Error(`boom ${secret}`)
      },
    } as unknown as SignInService
    const profiles = profileActionsOn(h.fx.plex, h.vault, h.configDir)
    const handlers = createIpcHandlers({
      service: exploding,
      settings: {
        get: () => ({ openAtLogin: false, authScheme: 'legacy', allowUnencryptedServers: false }),
        update: async () => ({ ok: true, value: { openAtLogin: false, authScheme: 'legacy', allowUnencryptedServers: false } }),
      },
      openExternal: async () => ({ ok: true, value: undefined }),
      writeClipboard: () => undefined,
      appInfo: () => ({ version: '0', platform: 'linux', clientId: 'x' }),
      servers: serverDirectoryOn(h.fx.plex, profiles),
      profiles,
      devices: deviceActionsOn(h.fx.plex, h.vault, h.fx.identity.clientId, log),
      tools: toolActionsOn(h.fx, h.vault, log),
      accounts: accountActionsOn(exploding, h.fx.plex, h.vault, h.fx.clock, log, async () => ({ ok: true, value: undefined })).accounts,
    })
    const result = await dispatchInvoke(
      'auth:get-state',
      { sender: h.window.webContents, senderFrame: h.window.webContents.mainFrame },
      [],
      { handlers, trusted: () => ({ webContents: h.window.webContents, origin: 'app://plexkey' }), log },
    )
    const error = failure(result)
    expect(error.code).toBe('unknown')
    expect(error.message).not.toContain('boom')
    expect(lines.join('\n')).toContain('auth:get-state')
    expect(lines.join('\n')).not.toContain('abcdefghijklmnop1234')
  })
})
