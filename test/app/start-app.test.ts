import { randomUUID } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type DeviceListing, type IdentitiesView, invokeChannels, type Result, type ServersView, type Snapshot, type ToolListing } from '../../preload/api'
import type { ClientIdentity } from '../../main/core/account/client-identity'
import { startApp } from '../../main/app/start-app'
import { type AppHarness, type AppStartOptions, startAppHarness } from '../support/app-harness'
import { plexWebUrl } from '../../main/app/server-actions'
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  net,
  Notification,
  powerMonitor,
  protocol,
  session,
  shell,
  Tray,
} from '../support/electron-stand-in'
import { mintTool } from '../support/mint-tool'
import { plexClientOnFake } from '../support/plex-client-on-fake'
import { until } from '../support/signin-fixture'
import { testIdentity } from '../support/test-identity'
import { signInAs } from '../fake-plex/test-http'

// The composition root, started against the Electron stand-in, the fake plex.tv (real HTTP through
// the stand-in's net.fetch) and an in-memory vault: what a user would see, step by step.

let h: AppHarness

beforeEach(async () => {
  h = await startAppHarness()
})
afterEach(async () => {
  await h.close()
})

const start = (options: AppStartOptions = {}) =>
  h.start({ healthIntervals: { resumeDelayMs: 5, minGapMs: 0, onlinePollMs: 50 }, ...options })
const state = () => h.state()
const mainWindow = () => {
  const window = BrowserWindow.instances[0]
  if (!window) throw new Error('no window')
  return window
}
const tray = () => {
  const instance = Tray.instances[0]
  if (!instance) throw new Error('no tray')
  return instance
}
const trayIcon = () => tray().image?.path.split('/').pop()
const sentServers = () =>
  mainWindow()
    .webContents.sent.filter((m) => m.channel === 'servers:changed')
    .map((m) => m.args[0] as ServersView)
const sentSnapshots = () =>
  mainWindow()
    .webContents.sent.filter((m) => m.channel === 'auth:state-changed')
    .map((m) => m.args[0] as Snapshot)

/** A click on a tray menu item, as Electron delivers it (a disabled one is refused). */
function clickTray(id: string): void {
  const menu = tray().contextMenu
  if (!menu) throw new Error('no tray menu')
  if (!menu.click(id)) throw new Error(`tray item ${id} is disabled`)
}

describe('starting', () => {
  it('builds the hardened window, the handlers, the protocol, the tray, and restores the sign-in', async () => {
    await start()
    expect(app.name).toBe('Plexkey')
    expect(BrowserWindow.instances).toHaveLength(1)
    const options = mainWindow().options as { show: boolean; webPreferences: Record<string, unknown> }
    expect(options.show).toBe(false)
    expect(options.webPreferences).toMatchObject({
      preload: join(process.cwd(), 'out', 'preload', 'index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    })
    expect(mainWindow().webContents.getURL()).toBe('app://plexkey/index.html')
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.keys(invokeChannels).sort())
    expect(protocol.handlers.has('app')).toBe(true)
    expect(Menu.applicationMenu).toBeNull()

    await until(() => state()?.kind === 'signed-out', 'restore to finish')
    expect(tray().tooltip).toBe('Plexkey: Signed out')
    expect(trayIcon()).toBe('signed-out.png')
    // What was decided before the page committed, the page asks for.
    const asked = await ipcMain.invoke('auth:get-state', {
      sender: mainWindow().webContents,
      senderFrame: mainWindow().webContents.mainFrame,
    })
    expect(asked).toMatchObject({ ok: true, value: { state: { kind: 'signed-out' } } })
  })

  it('hardens the window it made: no window.open, no navigation away', async () => {
    await start()
    expect(mainWindow().webContents.windowOpenHandler?.({ url: 'https://plex.tv/' })).toEqual({ action: 'deny' })
    expect(mainWindow().webContents.tryNavigate('https://evil.example/')).toBe(true)
    expect(mainWindow().webContents.tryNavigate('app://plexkey/index.html')).toBe(false)
  })

  it('denies permissions and puts the CSP on our pages only', async () => {
    await start()
    const ses = session.defaultSession
    expect(ses.permissionCheckHandler?.({}, 'notifications', 'app://plexkey', {})).toBe(false)
    const answers: unknown[] = []
    const listener = ses.headersListener
    if (!listener) throw new Error('no header listener')
    listener({ url: 'app://plexkey/index.html', responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => answers.push(r))
    listener({ url: `${h.fake.url}/api/v2/user`, responseHeaders: { 'Content-Type': ['application/json'] } }, (r) => answers.push(r))
    expect(answers[0]).toMatchObject({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [expect.stringContaining("default-src 'none'")] },
    })
    expect(answers[1]).toEqual({})
  })

  it('serves the renderer over app:// with the CSP header', async () => {
    await start()
    const handler = protocol.handlers.get('app')
    if (!handler) throw new Error('no app: handler')
    const response = await handler(new Request('app://plexkey/does-not-exist.js'))
    expect(response.status).toBe(404)
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
  })

  it('keeps its client id and settings in PLEXKEY_CONFIG_DIR', async () => {
    await start()
    const info = await ipcMain.invoke('app:get-info', {
      sender: mainWindow().webContents,
      senderFrame: mainWindow().webContents.mainFrame,
    })
    expect(info).toMatchObject({ ok: true, value: { version: '0.1.0', platform: process.platform } })
    const { readFile } = await import('node:fs/promises')
    const client = JSON.parse(await readFile(join(h.configDir, 'client.json'), 'utf8')) as { clientId: string }
    expect((info as { value: { clientId: string } }).value.clientId).toBe(client.clientId)
  })

  it('sends state only to our own page', async () => {
    await start()
    await until(() => state()?.kind === 'signed-out', 'restore')
    const before = sentSnapshots().length
    mainWindow().webContents.mainFrame.url = 'https://evil.example/'
    h.running?.service.start('link')
    await until(() => state()?.kind === 'waiting', 'a PIN')
    expect(sentSnapshots()).toHaveLength(before)
    mainWindow().webContents.mainFrame.url = 'app://plexkey/index.html'
    h.running?.service.cancel()
    expect(sentSnapshots().at(-1)?.state).toEqual({ kind: 'signed-out', reason: 'cancelled' })
  })

  it('quits at once when another instance holds the lock', async () => {
    app.singleInstanceLock = false
    const started = startApp({ env: { PLEXKEY_CONFIG_DIR: h.configDir }, argv: [], vault: h.vault })
    app.becomeReady()
    expect(await started).toBeNull()
    expect(app.quitCalls).toBe(1)
    expect(BrowserWindow.instances).toHaveLength(0)
  })
})

describe('the window', () => {
  it('shows when ready, hides to the tray on close, and comes back on a second launch', async () => {
    await start({ platform: 'win32' })
    const window = mainWindow()
    expect(window.isVisible()).toBe(true)
    window.close()
    expect(window.isDestroyed()).toBe(false)
    expect(window.isVisible()).toBe(false)
    app.emit('second-instance', {}, [], '/')
    expect(window.isVisible()).toBe(true)
    expect(window.focused).toBe(true)
  })

  it('closes for real, and everything stops, on Quit from the tray', async () => {
    await start()
    await until(() => state()?.kind === 'signed-out', 'restore')
    clickTray('quit')
    h.running = null
    mainWindow().close()
    expect(mainWindow().isDestroyed()).toBe(true)
    expect(tray().isDestroyed()).toBe(true)
    expect(ipcMain.handlers.size).toBe(0)
    expect(powerMonitor.listenerCount('resume')).toBe(0)
  })
})

describe('a keychain that failed', () => {
  it('is read again when the window is shown, and from the tray\'s "Check now"', async () => {
    h.vault.failLoad = true
    await start()
    await until(() => state()?.kind === 'error', 'the keychain error')
    expect(tray().contextMenu?.items.find((i) => i.id === 'check-now')?.enabled).toBe(true)

    // Unlocked meanwhile; the user opens the window from the tray.
    h.vault.failLoad = false
    const loads = h.vault.calls.loadActive
    mainWindow().hide()
    mainWindow().show()
    await until(() => state()?.kind === 'signed-out', 'the keychain read again')
    // Once by the sign-in, once more by the accounts, read again as the state settled.
    await h.running?.identities.settled()
    expect(h.vault.calls.loadActive).toBe(loads + 2)

    // Locked again at the next restore, and then unlocked: "Check now" in the tray is the other way back.
    h.vault.failLoad = true
    await h.running?.service.restore()
    expect(state()?.kind).toBe('error')
    h.vault.failLoad = false
    clickTray('check-now')
    await until(() => state()?.kind === 'signed-out', 'the keychain read from the tray')
  })

  it('"Sign in…" from the tray starts a browser sign-in from the hidden window, rather than a keychain read', async () => {
    h.vault.failLoad = true
    await start()
    await until(() => state()?.kind === 'error', 'the keychain error')
    mainWindow().hide()
    const loads = h.vault.calls.loadActive
    clickTray('sign-in')
    expect(mainWindow().isVisible()).toBe(true)
    await until(() => shell.opened.length === 1, 'the sign-in page to open')
    expect(shell.opened[0]?.startsWith(h.fake.authUrl)).toBe(true)
    expect(state()?.kind).toBe('waiting')
    // Showing the window read nothing: the sign-in had already begun by then.
    expect(h.vault.calls.loadActive).toBe(loads)
  })
})

describe('signing in and keeping the token healthy', () => {
  it('tray sign-in, approval, unreachable (quietly), rejected (notification), one-click re-authentication', async () => {
    await start()
    await until(() => state()?.kind === 'signed-out', 'restore')

    // One click on "Sign in…": the window shows and the hosted sign-in page opens.
    clickTray('sign-in')
    expect(mainWindow().isVisible()).toBe(true)
    await until(() => shell.opened.length === 1, 'the sign-in page to open')
    expect(shell.opened[0]?.startsWith(h.fake.authUrl)).toBe(true)
    expect(trayIcon()).toBe('signing-in.png')

    const pin = h.running?.service.pin('browser')
    if (!pin) throw new Error('no browser PIN')
    const token = h.fake.approve(pin.pinId, { title: 'Alice' })
    await until(() => state()?.kind === 'signed-in', 'signed in', 15_000)
    expect(tray().tooltip).toBe('Plexkey: Signed in as Alice')
    expect(trayIcon()).toBe('signed-in.png')

    // plex.tv unreachable on resume: the token stays, the icon changes, no notification.
    h.fake.fault({ drop: true })
    powerMonitor.emit('resume')
    await until(() => state()?.kind === 'signed-in' && (state() as { health: string }).health === 'unreachable', 'unreachable')
    expect(trayIcon()).toBe('unreachable.png')
    expect(tray().tooltip).toBe("Plexkey: Signed in as Alice; can't reach plex.tv")
    expect(Notification.instances).toHaveLength(0)
    expect(h.vault.activeKey).not.toBeNull()
    h.fake.clearFaults()

    // plex.tv rejects the token: attention icon, one notification.
    h.fake.revoke(token)
    powerMonitor.emit('resume')
    await until(() => state()?.kind === 'signed-out', 'token rejected')
    expect(state()).toEqual({ kind: 'signed-out', reason: 'token-rejected' })
    expect(trayIcon()).toBe('attention.png')
    expect(tray().contextMenu?.items.find((i) => i.id === 'sign-in')?.label).toBe('Re-authenticate')
    expect(Notification.instances).toHaveLength(1)
    const notification = Notification.instances[0]
    expect(notification?.shown).toBe(true)
    expect(notification?.options.title).toBe('Plex sign-in needs renewing')

    // One click on it starts re-authentication in the browser.
    mainWindow().hide()
    notification?.click()
    expect(mainWindow().isVisible()).toBe(true)
    await until(() => shell.opened.length === 2, 'the sign-in page to open again')
    expect(state()?.kind).toBe('waiting')

    // The renderer saw every change, and never the token.
    const sent = sentSnapshots()
    expect(JSON.stringify(sent)).not.toContain(token)
    sent.forEach((s, i) => {
      if (i > 0) expect(s.seq).toBeGreaterThan(sent[i - 1]?.seq ?? -1)
    })
    expect(sent.at(-1)).toEqual(h.running?.service.getSnapshot())
  })
})

describe('talking to plex.tv', () => {
  it('every request goes through net.request in an in-memory session, uncached and without cookies, and the avatar loads', async () => {
    await start()
    await until(() => state()?.kind === 'signed-out', 'restore')
    h.running?.service.start('link')
    await until(() => state()?.kind === 'waiting', 'a PIN')
    const pin = h.running?.service.pin('link')
    if (!pin) throw new Error('no link PIN')
    h.fake.approve(pin.pinId, { title: 'Alice' })
    await until(() => state()?.kind === 'signed-in', 'signed in', 15_000)
    // plex.tv answers the avatar with a redirect: it loads only if the 3xx came back to the core.
    await until(() => {
      const now = state()
      return now?.kind === 'signed-in' && now.account.avatar !== null
    }, 'the avatar')
    const now = state()
    expect(now?.kind === 'signed-in' && now.account.avatar?.startsWith('data:image/png;base64,')).toBe(true)
    expect(h.fake.requests.some((r) => r.path.startsWith('/avatars/'))).toBe(true)

    const plexSession = session.fromPartition('plexkey-plex')
    expect(plexSession.persistent).toBe(false)
    // Signed in, the Media Servers are probed too: through the same stack and session.
    const probed = () => tray().contextMenu?.items.find((i) => i.id === 'servers')?.submenu?.items.length
    await until(() => probed() === h.fake.mediaServers.length, 'the servers to be probed')
    expect(net.calls.filter((call) => call.url.startsWith(`${h.fake.url}/`))).toHaveLength(h.fake.requests.length)
    expect(net.calls.some((call) => call.url.endsWith('/identity'))).toBe(true)
    for (const call of net.calls) {
      expect(call, call.url).toMatchObject({ via: 'request', cache: 'no-store', credentials: 'omit', redirect: 'manual' })
      expect(call.session, call.url).toBe(plexSession)
    }
  })
})

describe('the tray on each desktop', () => {
  it('on Linux, hides to the tray only once the tray has been used: it may not be on screen', async () => {
    await start({ platform: 'linux' })
    const window = mainWindow()
    window.close()
    expect(window.isVisible()).toBe(true)
    expect(window.isMinimized()).toBe(true)
    tray().emit('click')
    expect(window.isMinimized()).toBe(false)
    window.close()
    expect(window.isVisible()).toBe(false)
  })

  it('on macOS, has its own small menu bar, and hides to the tray at once', async () => {
    await start({ platform: 'darwin' })
    const menu = Menu.applicationMenu
    expect(menu?.items.map((i) => i.label || i.role)).toEqual(['Plexkey', 'editMenu'])
    expect(menu?.items[0]?.submenu?.items.map((i) => i.role ?? i.type)).toEqual([
      'about',
      'separator',
      'hide',
      'hideOthers',
      'unhide',
      'separator',
      'quit',
    ])
    mainWindow().close()
    expect(mainWindow().isVisible()).toBe(false)
  })

  it('"Start at login" on macOS registers the login item, and says when macOS waits for approval', async () => {
    app.loginItemStatus = 'requires-approval'
    await start({ platform: 'darwin' })
    clickTray('open-at-login')
    await until(() => app.loginItemSettings.length === 1, 'the login item')
    expect(app.loginItemSettings).toEqual([{ openAtLogin: true, args: ['--hidden'] }])
    await until(() => tray().contextMenu?.find('open-at-login')?.checked === true, 'the redraw')
    expect(tray().contextMenu?.find('open-at-login')?.label).toBe('Start at login (allow it in System Settings › Login Items)')
    clickTray('open-at-login')
    await until(() => app.loginItemSettings.length === 2, 'the login item removed')
    expect(app.loginItemSettings[1]).toEqual({ openAtLogin: false, args: ['--hidden'] })
  })

  it('"Start at login" that fails is told, and the checkbox shows what holds', async () => {
    // An autostart folder that is a file: the Linux login item cannot be written.
    const xdg = join(h.configDir, 'xdg')
    await mkdir(xdg)
    await writeFile(join(xdg, 'autostart'), 'not a folder')
    await start({ platform: 'linux', env: { XDG_CONFIG_HOME: xdg } })
    await until(() => state()?.kind === 'signed-out', 'restore')
    const renders = tray().renders
    clickTray('open-at-login')
    expect(tray().contextMenu?.find('open-at-login')?.checked).toBe(true)
    await until(() => dialog.errorBoxes.length === 1, 'the failure to be told')
    expect(dialog.errorBoxes[0]?.title).toBe('Plexkey could not change "Start at login"')
    expect(dialog.errorBoxes[0]?.content).toContain('autostart')
    expect(tray().renders).toBe(renders + 1)
    expect(tray().contextMenu?.find('open-at-login')?.checked).toBe(false)
  })

  it('on Windows, a toast clicked in the Action Center later still re-authenticates', async () => {
    await start({ platform: 'win32' })
    await until(() => state()?.kind === 'signed-out', 'restore')
    // Signed out, nothing to renew: the click only brings the window back.
    mainWindow().hide()
    Notification.activate()
    expect(mainWindow().isVisible()).toBe(true)
    expect(shell.opened).toEqual([])

    h.vault.failLoad = false
    h.running?.service.start('link')
    await until(() => state()?.kind === 'waiting', 'a PIN')
    const pin = h.running?.service.pin('link')
    if (!pin) throw new Error('no link PIN')
    const token = h.fake.approve(pin.pinId, { title: 'Alice' })
    await until(() => state()?.kind === 'signed-in', 'signed in', 15_000)
    h.fake.revoke(token)
    powerMonitor.emit('resume')
    await until(() => state()?.kind === 'signed-out', 'token rejected')
    // The toast's own object is gone (or was never clicked): the activation alone starts the renewal.
    mainWindow().hide()
    Notification.activate({ type: 'click' })
    expect(mainWindow().isVisible()).toBe(true)
    await until(() => shell.opened.length === 1, 'the sign-in page to open')
    expect(shell.opened[0]?.startsWith(h.fake.authUrl)).toBe(true)
  })
})

describe('the tray’s Servers submenu, through the whole app', () => {
  it('appears once signed in with every server’s state; its entries copy a proven address and open Plex Web', async () => {
    await start()
    await until(() => state()?.kind === 'signed-out', 'restore')
    clickTray('sign-in')
    await until(() => shell.opened.length === 1, 'the sign-in page to open')
    expect(tray().contextMenu?.items.find((i) => i.id === 'servers')).toBeUndefined()
    const pin = h.running?.service.pin('browser')
    if (!pin) throw new Error('no browser PIN')
    h.fake.approve(pin.pinId, { title: 'Alice' })

    const servers = () => tray().contextMenu?.items.find((i) => i.id === 'servers')?.submenu?.items ?? []
    await until(() => servers().length === h.fake.mediaServers.length, 'the servers to be probed', 15_000)
    const labels = servers().map((i) => i.label ?? '')
    expect(labels[0]).toMatch(/^Basement: local, \d+ ms$/)
    expect(labels[1]).toMatch(/^Cabin: remote, \d+ ms$/)
    expect(labels[3]).toMatch(/^cabin: relay, \d+ ms$/)
    expect(labels.slice(4, 6)).toEqual(['Attic: offline', 'Garage: unreachable'])
    // A hostile name from plex.tv is drawn without its control characters.
    expect(labels[6]).toMatch(/^\]0;pwned Ünïcödé 山田の revres \[2Jx+…: offline$/)

    const entry = (name: string) => servers().find((i) => i.id === `server-${h.fake.mediaServer(name).clientIdentifier}`)?.submenu?.items ?? []
    entry('Basement')[0]?.click?.()
    expect(clipboard.readText()).toBe(h.fake.mediaServer('Basement').connections[0]?.uri)
    expect(entry('Attic')[0]?.enabled).toBe(false)
    entry('Attic')[1]?.click?.()
    await until(() => shell.opened.length === 2, 'Plex Web to open')
    expect(shell.opened[1]).toBe(plexWebUrl(h.fake.mediaServer('Attic').clientIdentifier))
    // Probing gave no address a token.
    expect(h.fake.mediaRequests().filter((r) => r.token !== null)).toEqual([])

    // Signed out, nothing of the account's servers stays in the tray.
    await h.running?.service.signOut()
    await until(() => state()?.kind === 'signed-out', 'signed out')
    expect(tray().contextMenu?.items.find((i) => i.id === 'servers')).toBeUndefined()
  })

  it('tells the open window every list main probes on its own, without a server token', async () => {
    await start()
    await until(() => state()?.kind === 'signed-out', 'restore')
    clickTray('sign-in')
    await until(() => shell.opened.length === 1, 'the sign-in page to open')
    const pin = h.running?.service.pin('browser')
    if (!pin) throw new Error('no browser PIN')
    h.fake.approve(pin.pinId, { title: 'Alice' })
    await until(() => sentServers().length === 1, 'the first list', 15_000)
    const via = (view: ServersView | undefined, name: string) => {
      const state = view?.servers.find((s) => s.clientIdentifier === h.fake.mediaServer(name).clientIdentifier)?.state
      return state?.kind === 'online' ? state.via : state?.kind
    }
    expect(via(sentServers()[0], 'Basement')).toBe('local')

    // Back from sleep elsewhere: Basement's own network no longer answers, so main finds it remote.
    const release = h.fake.mediaServer('Basement').connections[0]?.hold()
    powerMonitor.emit('resume')
    await until(() => sentServers().length === 2, 'the list after resume', 15_000)
    release?.()
    expect(via(sentServers()[1], 'Basement')).toBe('remote')
    expect(sentServers()[1]?.servers).toHaveLength(h.fake.mediaServers.length)
    const sent = JSON.stringify(mainWindow().webContents.sent)
    for (const server of h.fake.mediaServers) expect(sent).not.toContain(server.accessToken)
  })
})

/** A channel invoked as the app's own window does. */
const asWindow = (channel: string, ...args: unknown[]) =>
  ipcMain.invoke(channel, { sender: mainWindow().webContents, senderFrame: mainWindow().webContents.mainFrame }, ...args) as Promise<Result<unknown>>

/** Signs the started app in with a link code, approved at the fake plex.tv. */
async function signInWithCode(): Promise<void> {
  h.running?.service.start('link')
  await until(() => state()?.kind === 'waiting', 'a PIN')
  const pin = h.running?.service.pin('link')
  if (!pin) throw new Error('no link PIN')
  h.fake.approve(pin.pinId, { title: 'Alice' })
  await until(() => state()?.kind === 'signed-in', 'signed in', 15_000)
  // The accounts and the Home are read at sign-in: done before a test counts plex.tv's requests.
  await h.running?.identities.settled()
}

/** Logs main writes at debug level, gathered from stderr while `run` runs. */
async function withMainLog(run: () => Promise<void>): Promise<string> {
  vi.stubEnv('PLEXKEY_LOG_LEVEL', 'debug')
  const logged: string[] = []
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    logged.push(String(chunk))
    return true
  })
  try {
    await run()
  } finally {
    vi.restoreAllMocks()
    vi.unstubAllEnvs()
  }
  return logged.join('')
}

/** No token the fake issued crossed IPC, either way, or reached main's log. */
function expectNoTokenIn(log: string): void {
  const seen = [JSON.stringify(ipcMain.exchanges), JSON.stringify(mainWindow().webContents.sent), log].join('\n')
  for (const token of h.fake.issuedTokens()) expect(seen).not.toContain(token)
}

describe('"Where you’re signed in", through the whole app', () => {
  it('lists the devices with this install marked and removes another; no token the fake issued crosses IPC or reaches a log', async () => {
    const log = await withMainLog(async () => {
      await start()
      await until(() => state()?.kind === 'signed-out', 'restore')
      expect(await asWindow('devices:list')).toMatchObject({ ok: false, error: { code: 'invalid-state' } })
      await signInWithCode()
      const elsewhere = randomUUID()
      await signInAs(h.fake, elsewhere)

      const listed = await asWindow('devices:list')
      if (!listed.ok) throw new Error(listed.error.message)
      const devices = listed.value as DeviceListing[]
      const clientId = (JSON.parse(await readFile(join(h.configDir, 'client.json'), 'utf8')) as { clientId: string }).clientId
      expect(devices.filter((d) => d.thisDesktop).map((d) => d.clientIdentifier)).toEqual([clientId])
      const other = devices.find((d) => d.clientIdentifier === elsewhere)
      if (!other) throw new Error('the other device is not listed')
      expect(await asWindow('devices:remove', { id: other.id })).toEqual({ ok: true, value: { tokenRefused: true } })
      expect(h.fake.devices().some((d) => d.clientIdentifier === elsewhere)).toBe(false)
    })
    expect(ipcMain.exchanges.filter((e) => e.channel.startsWith('devices:'))).toHaveLength(3)
    expect(log).toContain('[plex]')
    expectNoTokenIn(log)
  })
})

describe('the Tools section, through the whole app', () => {
  it('lists the keychain’s tools with when plex.tv last saw them and revokes one, over the app’s own transport; no token crosses IPC or reaches a log', async () => {
    const log = await withMainLog(async () => {
      await start()
      await until(() => state()?.kind === 'signed-out', 'restore')
      expect(await asWindow('tools:list')).toMatchObject({ ok: false, error: { code: 'invalid-state' } })
      await signInWithCode()
      // Minted as `plexkey exec --as` mints it, into the keychain the app reads.
      const side = { plex: plexClientOnFake(h.fake), clientFor: (identity: ClientIdentity) => plexClientOnFake(h.fake, { identity }), identity: testIdentity() }
      const kometa = await mintTool(side, h.vault, 'kometa')
      h.fake.clearRequests()
      const before = net.calls.length

      const listed = await asWindow('tools:list')
      if (!listed.ok) throw new Error(listed.error.message)
      const [only, ...rest] = listed.value as ToolListing[]
      expect(rest).toEqual([])
      expect(only).toMatchObject({ name: 'kometa', clientIdentifier: kometa.clientIdentifier })
      expect(only?.lastSeenAt).toEqual(expect.any(Number))
      expect(await asWindow('tools:revoke', { name: 'kometa' })).toEqual({ ok: true, value: { tokenRefused: true } })
      expect(h.fake.devices().some((d) => d.clientIdentifier === kometa.clientIdentifier)).toBe(false)
      expect(h.fake.requests.filter((r) => r.method === 'DELETE' && r.path.startsWith('/devices/'))).toHaveLength(1)
      // Every request since went through Electron's net, as main's other plex.tv calls do.
      expect(net.calls.slice(before).filter((call) => call.url.startsWith(`${h.fake.url}/`))).toHaveLength(h.fake.requests.length)
      expect(await asWindow('tools:list')).toEqual({ ok: true, value: [] })
    })
    expect(ipcMain.exchanges.filter((e) => e.channel.startsWith('tools:'))).toHaveLength(4)
    expectNoTokenIn(log)
  })
})

describe('the tray’s Account submenu, through the whole app', () => {
  const accountItems = () => tray().contextMenu?.find('account')?.submenu?.items ?? []
  const sentIdentities = () =>
    mainWindow()
      .webContents.sent.filter((m) => m.channel === 'identities:changed')
      .map((m) => m.args[0] as IdentitiesView)
  const signedInAs = () => {
    const now = state()
    return now?.kind === 'signed-in' ? now.account.username : null
  }

  /** "Add another account" in the window, approved as this account at the fake plex.tv. */
  async function addAccount(user: { readonly username: string; readonly title: string }): Promise<void> {
    expect(await asWindow('accounts:add', { mode: 'link' })).toEqual({ ok: true, value: undefined })
    await until(() => state()?.kind === 'waiting' && h.running?.service.pin('link') !== undefined, 'a PIN')
    const pin = h.running?.service.pin('link')
    if (!pin) throw new Error('no link PIN')
    h.fake.approve(pin.pinId, user)
    await until(() => signedInAs() === user.username, 'the added account active', 15_000)
  }

  it('lists the kept accounts and the Home; an account picked there becomes active, and a protected profile opens the window’s PIN pad', async () => {
    const log = await withMainLog(async () => {
      await start()
      await until(() => state()?.kind === 'signed-out', 'restore')
      expect(tray().contextMenu?.find('account')).toBeUndefined()
      await signInWithCode()
      await addAccount({ username: 'jürgen.zweit', title: 'Jürgen & Zweitkonto' })
      await until(() => accountItems().filter((i) => i.id?.startsWith('account-')).length === 2, 'two accounts in the tray')
      // The second account has no Plex Home: once plex.tv says so, only the accounts are listed.
      await until(() => h.running?.identities.view().profiles.kind === 'no-home', 'no Home for the second account')
      expect(accountItems().map((i) => [i.label, i.checked])).toEqual([
        ['Jürgen && Zweitkonto (jürgen.zweit)', true],
        ['Alice (plexkey-tester)', false],
      ])
      // The window heard of each change, the last one with both accounts.
      expect(sentIdentities().at(-1)?.accounts.map((a) => [a.username, a.active])).toEqual([
        ['jürgen.zweit', true],
        ['plexkey-tester', false],
      ])

      // Picked in the tray: the sign-in follows, and so does the submenu, with the first account's Home.
      const alice = accountItems().find((i) => i.label === 'Alice (plexkey-tester)')
      if (!alice?.id) throw new Error('Alice is not in the tray')
      clickTray(alice.id)
      await until(() => signedInAs() === 'plexkey-tester', 'the switch')
      await until(() => accountItems().find((i) => i.id === alice.id)?.checked === true, 'the tray to follow')
      await until(() => accountItems().some((i) => i.id?.startsWith('profile-') && i.label?.endsWith('(PIN)')), 'the Home in the tray')
      expect(dialog.errorBoxes).toEqual([])
      expect(sentIdentities().at(-1)?.accounts.find((a) => a.active)?.username).toBe('plexkey-tester')

      // A protected profile is not switched from the menu: the window shows, asked for its PIN pad.
      const kid = accountItems().find((i) => i.id?.startsWith('profile-') && i.label?.endsWith('(PIN)'))
      if (!kid?.id) throw new Error('no protected profile')
      mainWindow().hide()
      clickTray(kid.id)
      expect(mainWindow().isVisible()).toBe(true)
      const wanted = mainWindow().webContents.sent.filter((m) => m.channel === 'profiles:pin-wanted')
      expect(wanted.map((m) => m.args[0])).toEqual([{ uuid: kid.id.slice('profile-'.length) }])

      // Signing out the active account: the other one is active, and a notification says which.
      expect(Notification.instances).toHaveLength(0)
      expect(await asWindow('accounts:sign-out', { uuid: alice.id.slice('account-'.length) })).toEqual({ ok: true, value: undefined })
      await until(() => signedInAs() === 'jürgen.zweit', 'the other account active')
      expect(Notification.instances.map((n) => [n.shown, n.options.title, n.options.body])).toEqual([
        [true, 'Signed out of Plex', 'Jürgen & Zweitkonto is the active account now.'],
      ])
      await until(() => accountItems().filter((i) => i.id?.startsWith('account-')).length === 0, 'one account: no Account submenu')
    })
    expectNoTokenIn(log)
  })
})
