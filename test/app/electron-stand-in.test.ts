import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FakePlex, startFakePlex } from '../fake-plex/server'
import { rawHttpServer } from '../support/raw-http-server'
import {
  app,
  BrowserWindow,
  Menu,
  net,
  Notification,
  protocol,
  session,
  shell,
  standIn,
  type StandInIncomingMessage,
  type StandInMenuItem,
} from '../support/electron-stand-in'

// What the stand-in for `electron` does where the app relies on how Electron 45 behaves: each test
// names the file of electron/electron's code that does it (cited again in test/support/electron-stand-in*.ts).
// Where electron.d.ts says otherwise, the code wins. If one of these fails, the stand-in has drifted
// back towards Node or the typings, and the tests that use it may pass where the real app would break.

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

/** A request through the stand-in's net.request, with every event it and its response emit, in order. */
function traced(url: string, redirect: 'manual' | 'follow' = 'manual') {
  const request = net.request({ url, redirect })
  const events: string[] = []
  for (const name of ['finish', 'close', 'abort', 'error', 'redirect']) request.on(name, () => events.push(name))
  const response = new Promise<StandInIncomingMessage>((resolve) =>
    request.on('response', (message: StandInIncomingMessage) => {
      events.push('response')
      for (const name of ['end', 'aborted', 'error', 'close']) message.on(name, () => events.push(`response ${name}`))
      resolve(message)
    }),
  )
  const failed = new Promise<Error>((resolve) => request.on('error', resolve))
  return { request, events, response, failed }
}

describe('net (lib/common/api/net-client-request.ts, shell/common/api/electron_api_url_loader.cc)', () => {
  beforeEach(() => app.becomeReady())

  it('ClientRequest closes right after end(), before the response: an autoDestroy Writable whose _final starts the request', async () => {
    const { request, events, response } = traced(`${fake.url}/api/v2/user`)
    const closed = new Promise((resolve) => request.on('close', resolve))
    request.end()
    await closed
    expect(events).toEqual(['finish', 'close'])
    const message = await response
    message.resume()
    await new Promise((resolve) => message.on('close', resolve))
    expect(events).toEqual(['finish', 'close', 'response', 'response end', 'response close'])
  })

  it('abort() emits abort on the next tick, and a response under way only closes: no aborted, end or error', async () => {
    fake.fault({ path: '/api/v2/user', stallBody: true })
    const { request, events, response } = traced(`${fake.url}/api/v2/user`)
    request.end()
    const message = await response
    message.resume()
    const closed = new Promise((resolve) => message.on('close', resolve))
    request.abort()
    expect(events).not.toContain('abort')
    await closed
    await settle()
    // Both on later ticks, 'abort' queued first (abort(), then _die destroying the response).
    expect(events).toEqual(['finish', 'close', 'response', 'abort', 'response close'])
    expect(request.loaderCancelled).toBe(true)
  })

  it('a failure is a bare Error named net::ERR_…, with no code (electron_api_url_loader.cc, OnComplete)', async () => {
    const gone = await startFakePlex()
    await gone.close()
    const refused = traced(`${gone.url}/api/v2/user`)
    refused.request.end()
    const error = await refused.failed
    expect(error.message).toBe('net::ERR_CONNECTION_REFUSED')
    expect('code' in error).toBe(false)

    // spec/api-net-spec.ts, "should emit error event on server socket destroy".
    fake.fault({ path: '/api/v2/user', drop: true })
    const dropped = traced(`${fake.url}/api/v2/user`)
    dropped.request.end()
    expect((await dropped.failed).message).toBe('net::ERR_EMPTY_RESPONSE')
  })

  it('a certificate failure comes the same way: net::ERR_CERT_…, no certificate-error event', async () => {
    const tls = await startFakePlex({ servers: [{ name: 'Den', owned: true, presence: true, connections: [{ kind: 'live', local: false, https: true }] }] })
    try {
      const { request, failed } = traced(`${tls.mediaServer('Den').connections[0]?.uri ?? ''}/identity`)
      request.end()
      expect((await failed).message).toBe('net::ERR_CERT_AUTHORITY_INVALID')
    } finally {
      await tls.close()
    }
  })

  it('header and status strings are read as UTF-8 (net_converter.cc): past U+00FF, and U+FFFD for a Latin-1 byte', async () => {
    const odd = await rawHttpServer(
      Buffer.concat([
        Buffer.from('HTTP/1.1 200 山田 OK\r\nX-Name: 山田\r\nX-Latin: J', 'utf8'),
        Buffer.from([0xfc]),
        Buffer.from('rgen\r\nContent-Length: 0\r\nConnection: close\r\n\r\n', 'utf8'),
      ]),
    )
    try {
      const { request, response } = traced(`${odd.url}/`)
      request.end()
      const message = await response
      expect(message.statusMessage).toBe('山田 OK')
      expect(message.headers).toMatchObject({ 'x-name': '山田', 'x-latin': 'J\ufffdrgen' })
    } finally {
      await odd.close()
    }
  })

  it('redirect only for a redirect Chromium would follow; any other 3xx is a response', async () => {
    const followed = traced(`${fake.url}/users/u-1/avatar`)
    followed.request.end()
    expect((await followed.failed).message).toBe('Redirect was cancelled')
    expect(followed.events.slice(0, 3)).toEqual(['finish', 'close', 'redirect'])

    for (const [status, headers] of [
      [300, { Location: '/elsewhere' }],
      [304, { Location: '/elsewhere' }],
      [302, {}],
    ] as const) {
      fake.fault({ path: '/api/v2/user', status, headers, times: 1 })
      const answered = traced(`${fake.url}/api/v2/user`)
      answered.request.end()
      expect((await answered.response).statusCode).toBe(status)
      expect(answered.events).not.toContain('redirect')
    }
  })

  it('follow (the default) emits redirect and goes on; error fails the request', async () => {
    const followed = traced(`${fake.url}/users/u-1/avatar`, 'follow')
    followed.request.end()
    expect((await followed.response).statusCode).toBe(200)
    expect(followed.events).toContain('redirect')
    expect(fake.requests.map((r) => r.path)).toEqual(['/users/u-1/avatar', '/avatars/u-1.png'])

    const refused = net.request({ url: `${fake.url}/users/u-1/avatar`, redirect: 'error' })
    const error = new Promise<Error>((resolve) => refused.on('error', resolve))
    refused.end()
    expect((await error).message).toBe("Attempted to redirect, but redirect policy was 'error'")
  })

  it('net.request in manual mode cancels the redirection unless it was aborted during redirect', async () => {
    const aborted = traced(`${fake.url}/users/u-1/avatar`)
    aborted.request.on('redirect', () => aborted.request.abort())
    aborted.request.end()
    await new Promise((resolve) => aborted.request.on('abort', resolve))
    await settle()
    expect(aborted.events).toEqual(['finish', 'close', 'redirect', 'abort'])
    expect(fake.requests.filter((r) => r.path.startsWith('/avatars/'))).toEqual([])
  })

  it('setHeader validates name and value, and refuses once the request was written to or started', () => {
    const request = net.request({ url: `${fake.url}/api/v2/user`, redirect: 'manual' })
    expect(() => request.setHeader('Bad Name', 'x')).toThrow("Invalid header name: 'Bad Name'")
    expect(() => request.setHeader('X-Plex-Device-Name', 'a\r\nInjected: yes')).toThrow(/Invalid value for header 'X-Plex-Device-Name'/)
    request.setHeader('X-Plex-Device-Name', '山田')
    request.write('{}')
    expect(() => request.setHeader('Accept', 'application/json')).toThrow("Can't set headers after they are sent")
    request.abort()
  })

  it('net.fetch and net.request send header strings as UTF-8', async () => {
    await net.fetch(`${fake.url}/api/v2/user`, { headers: { 'X-Plex-Device-Name': 'Jürgen’s PC' } })
    const { request, response } = traced(`${fake.url}/api/v2/user`)
    request.setHeader('X-Plex-Device-Name', '山田')
    request.end()
    ;(await response).resume()
    expect(fake.requests.map((r) => r.headers['x-plex-device-name'])).toEqual(['Jürgen’s PC', '山田'])
  })

  it('net.fetch rejects a manual redirect instead of returning the 3xx', async () => {
    const answer = net.fetch(`${fake.url}/users/u-1/avatar`, { redirect: 'manual' })
    await expect(answer).rejects.toMatchObject({ cause: { message: 'Redirect was cancelled' } })
    // Without a redirect, manual mode answers as usual.
    expect((await net.fetch(`${fake.url}/avatars/u-1.png`, { redirect: 'manual' })).status).toBe(200)
  })

  it('session.fromPartition: one session per name, in memory without persist:, the default for ""', () => {
    expect(session.fromPartition('x')).toBe(session.fromPartition('x'))
    expect(session.fromPartition('x').persistent).toBe(false)
    expect(session.fromPartition('persist:x').persistent).toBe(true)
    expect(session.fromPartition('')).toBe(session.defaultSession)
  })
})

describe('before ready', () => {
  it('session.fromPartition (electron_api_session.cc, FromPartition) and net.request (lib/browser/api/net.ts) refuse', () => {
    expect(() => session.fromPartition('x')).toThrow(new TypeError('Session can only be received when app is ready'))
    expect(() => net.request({ url: `${fake.url}/`, redirect: 'manual' })).toThrow('net module can only be used after app is ready')
  })
})

describe('the OS', () => {
  it('shell.openExternal rejects when nothing can open the address (electron_api_shell.cc, platform_util_linux.cc)', async () => {
    shell.handlerFound = false
    await expect(shell.openExternal('https://plex.tv/link')).rejects.toThrow('Failed to open path')
    expect(shell.opened).toEqual([])
  })

  it('the single-instance lock is refused while another instance holds it, and kept once held (electron_api_app.cc)', () => {
    app.singleInstanceLock = false
    expect(app.requestSingleInstanceLock()).toBe(false)
    standIn.reset()
    expect(app.requestSingleInstanceLock()).toBe(true)
    app.singleInstanceLock = false
    expect(app.requestSingleInstanceLock()).toBe(true)
  })

  it('Notification.isSupported() is false without a presenter, and show() then shows nothing (electron_api_notification.cc)', () => {
    Notification.supported = false
    const notification = new Notification({ title: 'Plexkey' })
    notification.show()
    expect(Notification.isSupported()).toBe(false)
    expect(notification.shown).toBe(false)
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

  it('a radio item is checked before its click runs, the rest of its group unchecked; a separator ends a group', () => {
    const clicks: string[] = []
    const radio = (id: string, checked = false) => ({
      id,
      label: id,
      type: 'radio',
      checked,
      click: (item: unknown) => clicks.push(`${id} ${(item as StandInMenuItem).checked}`),
    })
    const menu = Menu.buildFromTemplate([
      {
        id: 'sub',
        label: 'Sub',
        submenu: [radio('a1', true), radio('a2'), { id: 'plain', label: 'plain' }, radio('a3'), { type: 'separator' }, radio('b1', true), radio('b2')],
      },
    ])
    const checked = () => (menu.find('sub')?.submenu?.items ?? []).filter((i) => i.checked).map((i) => i.id)
    expect(menu.click('a3')).toBe(true)
    // a3 joins a1 and a2 across the plain item; b1, past the separator, stays.
    expect(checked()).toEqual(['a3', 'b1'])
    // Clicking the checked item keeps it checked (a checkbox would toggle off).
    menu.click('a3')
    menu.click('b2')
    expect(checked()).toEqual(['a3', 'b2'])
    expect(clicks).toEqual(['a3 true', 'a3 true', 'b2 true'])
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
