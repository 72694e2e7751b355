import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import {
  app,
  BrowserWindow,
  Menu,
  net,
  Notification,
  protocol,
  session,
  standIn,
  type StandInIncomingMessage,
  type StandInMenuItem,
} from '../support/electron-stand-in'

// What the stand-in for `electron` does where Electron 45 documents a behaviour the app relies on
// (each cited in test/support/electron-stand-in.ts). If one of these fails, the stand-in has drifted
// back towards Node, and the tests that use it may pass where the real app would break.

let fake: FakePlex
beforeEach(async () => {
  standIn.reset()
  fake = await startFakePlex()
})
afterEach(async () => {
  await fake.close()
})

/** Lets a page load commit. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('net', () => {
  it('net.fetch rejects a manual redirect instead of returning the 3xx', async () => {
    const answer = net.fetch(`${fake.url}/users/u-1/avatar`, { redirect: 'manual' })
    await expect(answer).rejects.toMatchObject({ cause: { message: 'Redirect was cancelled' } })
    // Without a redirect, manual mode answers as usual.
    expect((await net.fetch(`${fake.url}/avatars/u-1.png`, { redirect: 'manual' })).status).toBe(200)
  })

  it('net.fetch and net.request send header strings as UTF-8', async () => {
    await net.fetch(`${fake.url}/api/v2/user`, { headers: { 'X-Plex-Device-Name': 'Jürgen’s PC' } })
    const request = net.request({ url: `${fake.url}/api/v2/user`, redirect: 'manual' })
    request.setHeader('X-Plex-Device-Name', '山田')
    const closed = new Promise((resolve) => request.on('close', resolve))
    request.on('response', (message: StandInIncomingMessage) => message.on('data', () => undefined))
    request.end()
    await closed
    expect(fake.requests.map((r) => r.headers['x-plex-device-name'])).toEqual(['Jürgen’s PC', '山田'])
  })

  it('net.request in manual mode emits redirect, then cancels the redirection unless it was aborted', async () => {
    const seen: unknown[] = []
    const cancelled = net.request({ url: `${fake.url}/users/u-1/avatar`, redirect: 'manual' })
    const error = new Promise<Error>((resolve) => cancelled.on('error', resolve))
    cancelled.on('redirect', (status: number, method: string, url: string) => seen.push([status, method, url]))
    cancelled.end()
    expect((await error).message).toBe('Redirect was cancelled')
    expect(seen).toEqual([[302, 'GET', `${fake.url}/avatars/u-1.png`]])

    const aborted = net.request({ url: `${fake.url}/users/u-1/avatar`, redirect: 'manual' })
    const events: string[] = []
    for (const name of ['abort', 'close', 'error']) aborted.on(name, () => events.push(name))
    const closed = new Promise((resolve) => aborted.on('close', resolve))
    aborted.on('redirect', () => aborted.abort())
    aborted.end()
    await closed
    expect(events).toEqual(['abort', 'close'])
    expect(fake.requests.filter((r) => r.path.startsWith('/avatars/'))).toEqual([])
  })

  it('session.fromPartition: one session per name, in memory without persist:, the default for ""', () => {
    expect(session.fromPartition('x')).toBe(session.fromPartition('x'))
    expect(session.fromPartition('x').persistent).toBe(false)
    expect(session.fromPartition('persist:x').persistent).toBe(true)
    expect(session.fromPartition('')).toBe(session.defaultSession)
  })
})

describe('menus', () => {
  it('a checkbox toggles before click(menuItem, window, event) runs; a disabled item cannot be clicked', () => {
    const clicks: { checked: boolean; window: unknown; event: unknown }[] = []
    const menu = Menu.buildFromTemplate([
      {
        id: 'box',
        type: 'checkbox',
        checked: false,
        click: (item: unknown, window: unknown, event: unknown) =>
          clicks.push({ checked: (item as StandInMenuItem).checked, window, event }),
      },
      { id: 'off', enabled: false, click: () => clicks.push({ checked: false, window: 'disabled', event: null }) },
    ])
    const window = new BrowserWindow()
    expect(menu.click('box', window)).toBe(true)
    expect(menu.click('box')).toBe(true)
    expect(menu.click('off')).toBe(false)
    expect(clicks.map((c) => c.checked)).toEqual([true, false])
    expect(clicks[0]?.window).toBe(window)
    expect(clicks[0]?.event).toMatchObject({ triggeredByAccelerator: false })
  })
})

describe('windows', () => {
  it('getURL() is empty until the page commits; ready-to-show follows the load of a hidden window', async () => {
    const window = new BrowserWindow({ show: false })
    const events: string[] = []
    window.on('ready-to-show', () => events.push('ready-to-show'))
    const loaded = window.loadURL('app://plexkey/index.html')
    expect(window.webContents.getURL()).toBe('')
    await loaded
    expect(window.webContents.getURL()).toBe('app://plexkey/index.html')
    expect(events).toEqual(['ready-to-show'])
  })

  it('no ready-to-show with paintWhenInitiallyHidden: false', async () => {
    const window = new BrowserWindow({ show: false, webPreferences: { paintWhenInitiallyHidden: false } })
    let ready = false
    window.on('ready-to-show', () => (ready = true))
    await window.loadURL('app://plexkey/index.html')
    await settle()
    expect(ready).toBe(false)
  })

  it('webContents.send serializes its arguments with structured clone', () => {
    const window = new BrowserWindow()
    const snapshot = { seq: 1, state: { kind: 'signed-out' } }
    window.webContents.send('auth:state-changed', snapshot)
    snapshot.seq = 2
    expect(window.webContents.sent[0]?.args).toEqual([{ seq: 1, state: { kind: 'signed-out' } }])
    expect(() => window.webContents.send('x', { run: () => undefined })).toThrow()
  })
})

describe('ipcRenderer', () => {
  it('invoke clones what it sends and what comes back, and rejects what cannot be cloned', async () => {
    const answer = { ok: true, value: { n: 1 } }
    standIn.ipcRenderer.respond = () => answer
    const sent = { mode: 'link' }
    const got = await standIn.ipcRenderer.invoke('auth:start', sent)
    expect(got).toEqual(answer)
    expect(got).not.toBe(answer)
    expect(standIn.ipcRenderer.invocations[0]?.args[0]).not.toBe(sent)
    await expect(standIn.ipcRenderer.invoke('auth:start', { run: () => undefined })).rejects.toThrow()
  })
})

describe('ipcMain', () => {
  it('a handler gets a copy of what the renderer sent, the renderer a copy of the answer', async () => {
    const answer = { ok: true }
    let received: unknown = null
    standIn.ipcMain.handle('x', (_event, arg) => {
      received = arg
      return answer
    })
    const sent = Object.assign(Object.create({ inherited: 1 }) as object, { mode: 'link' })
    const got = await standIn.ipcMain.invoke('x', {}, sent)
    expect(received).toEqual({ mode: 'link' })
    expect(Object.getPrototypeOf(received)).toBe(Object.prototype)
    expect(got).toEqual(answer)
    expect(got).not.toBe(answer)
    await expect(standIn.ipcMain.invoke('nobody', {})).rejects.toThrow("No handler registered for 'nobody'")
  })
})

describe('protocol', () => {
  it('privileged schemes only before ready and only once; handlers only after ready', () => {
    expect(() => protocol.handle('app', () => new Response(''))).toThrow(/after the app is ready/)
    protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true } }])
    expect(() => protocol.registerSchemesAsPrivileged([])).toThrow(/only once/)
    app.becomeReady()
    protocol.handle('app', () => new Response(''))
    expect(protocol.handlers.has('app')).toBe(true)
    standIn.reset()
    app.becomeReady()
    expect(() => protocol.registerSchemesAsPrivileged([])).toThrow(/before the app is ready/)
  })
})

describe('notifications', () => {
  it('handleActivation keeps one callback, replaced by the next call', () => {
    const calls: string[] = []
    Notification.handleActivation(() => calls.push('first'))
    Notification.handleActivation((details) => calls.push(`second:${details.type}`))
    Notification.activate({ type: 'click' })
    expect(calls).toEqual(['second:click'])
  })
})
